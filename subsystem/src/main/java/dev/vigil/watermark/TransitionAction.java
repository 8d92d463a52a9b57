package dev.vigil.watermark;

/** The hook a {@link WatermarkAction} runs when its watermark enters the state it is configured for. */
@FunctionalInterface
public interface TransitionAction {
    void perform(Transition transition) throws Exception;
}
