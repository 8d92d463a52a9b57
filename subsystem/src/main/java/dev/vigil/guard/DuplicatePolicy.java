package dev.vigil.guard;

import java.util.List;
import java.util.function.IntConsumer;

import dev.vigil.VigilLogger;

/**
 * What a server does about the other servers its guard found, as on-duplicate says. At boot nothing serves yet: the
 * duplicates are logged, a trace is left for each, and with fail the JVM stops there and then. Added on a running
 * server, the server already serves and is never stopped: with fail the add is refused, with warn it goes on, loudly.
 */
public final class DuplicatePolicy {

    /** The exit code of a server stopped as a duplicate (WildFly's own for a failed boot). */
    static final int EXIT_DUPLICATE = 1;

    /** The boot step that found the duplicates. */
    public enum BootStep {
        /** The add's model step, which claims the directories before any subsystem installs a service. */
        DIRECTORIES,
        /** The add's runtime step, which checks the ports before the socket bindings open. */
        PORTS
    }

    /** What was decided. */
    public sealed interface Decision {
    }

    /** No duplicate (none new, at the ports step): the server goes on. */
    public record Alone() implements Decision {
    }

    /** With warn: the duplicates were reported, and the server runs on. */
    public record RunOn(List<Duplicate> reported) implements Decision {

        public RunOn {
            reported = List.copyOf(reported);
        }
    }

    /** With fail at boot: the duplicates were reported, the guard's locks released, and the JVM halted. */
    public record Stop(List<Duplicate> reported) implements Decision {

        public Stop {
            reported = List.copyOf(reported);
        }
    }

    /** With fail on a running server: the add is refused with this message (nothing is logged, the failure says it). */
    public record Refuse(String message) implements Decision {
    }

    private final IntConsumer halt;

    /** @param halt stops the JVM with an exit code ({@code Runtime.getRuntime()::halt}) */
    public DuplicatePolicy(IntConsumer halt) {
        this.halt = halt;
    }

    /**
     * Duplicates found at boot. The ports step reports only what the ports add: a server also on the directories was
     * logged, and left its trace, in the directories step.
     *
     * @param found all the duplicates the guard found so far
     */
    public Decision atBoot(InstanceGuard guard, List<Duplicate> found, BootStep step) {
        boolean directories = step == BootStep.DIRECTORIES;
        List<Duplicate> news = directories ? found : found.stream().filter(d -> !d.sharedPorts().isEmpty())
                .map(d -> new Duplicate(d.other(), List.of(), d.sharedPorts())).toList();
        if (news.isEmpty()) {
            return new Alone();
        }
        OnDuplicate what = guard.settings().onDuplicate();
        guard.leaveTraces(directories ? found : found.stream().filter(d -> d.sharedDirs().isEmpty()).toList(), what);
        for (Duplicate duplicate : news) {
            if (what == OnDuplicate.FAIL) {
                VigilLogger.ROOT_LOGGER.duplicateFail(duplicate.shared(), duplicate.other().describe(), duplicate.consequence(), InstanceGuardService.howToStop(duplicate.other()));
            } else {
                VigilLogger.ROOT_LOGGER.duplicateWarn(duplicate.shared(), duplicate.other().describe(), duplicate.consequence(), InstanceGuardService.howToStop(duplicate.other()));
            }
        }
        if (what != OnDuplicate.FAIL) {
            return new RunOn(news);
        }
        guard.close();
        System.out.flush();
        System.err.flush();
        // halt, not exit: nothing else of this server may run, not even its shutdown, which would stop services in the other's directories
        halt.accept(EXIT_DUPLICATE);
        return new Stop(news);
    }

    /** Duplicates found by an add on a running server: with fail the add is refused (and rolled back, its locks released). */
    public Decision whenAdded(InstanceGuard guard, List<Duplicate> found) {
        if (found.isEmpty()) {
            return new Alone();
        }
        if (guard.settings().onDuplicate() == OnDuplicate.FAIL) {
            Duplicate first = found.get(0);
            return new Refuse(VigilLogger.ROOT_LOGGER.duplicateRefusesAdd(first.shared(), first.other().describe(), first.consequence(),
                    InstanceGuardService.howToStop(first.other())));
        }
        for (Duplicate duplicate : found) {
            VigilLogger.ROOT_LOGGER.duplicateWarn(duplicate.shared(), duplicate.other().describe(), duplicate.consequence(), InstanceGuardService.howToStop(duplicate.other()));
        }
        return new RunOn(found);
    }
}
