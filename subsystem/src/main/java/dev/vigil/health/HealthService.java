package dev.vigil.health;

import java.time.Clock;
import java.util.function.Supplier;

import org.jboss.as.server.mgmt.domain.ExtensibleHttpManagement;

import dev.vigil.VigilLogger;

/**
 * The running health check of {@code /subsystem=vigil/service=health}: the management HTTP context {@code /vigil}
 * while the server has an extensible management interface, and the verdict, logged when it changes.
 */
public final class HealthService {

    private final Supplier<ExtensibleHttpManagement> http;
    private final HealthSources sources;
    private final Clock clock;
    private volatile HealthSettings settings;
    private boolean serving;
    /** The last verdict's status, to log each change once; null before the first answer. */
    private volatile Boolean lastUp;

    /** @param http the management interface, or a supplier of null when the server has none (an admin-only test controller) */
    public HealthService(HealthSettings settings, HealthSources sources, Supplier<ExtensibleHttpManagement> http, Clock clock) {
        this.settings = settings;
        this.sources = sources;
        this.http = http;
        this.clock = clock;
    }

    public HealthSettings settings() {
        return settings;
    }

    public synchronized void start() {
        ExtensibleHttpManagement management = http.get();
        if (management == null) {
            VigilLogger.ROOT_LOGGER.healthNotServed();
            return;
        }
        management.addManagementHandler(HealthHandler.CONTEXT, settings.securityEnabled(), new HealthHandler(this));
        serving = true;
        VigilLogger.ROOT_LOGGER.healthServed(HealthHandler.PATH, settings.securityEnabled(), settings.unhealthyAfter().toSeconds());
    }

    public synchronized void stop() {
        if (serving) {
            http.get().removeContext(HealthHandler.CONTEXT);
            serving = false;
        }
    }

    /** New settings at once: unhealthy-after from the next answer; security-enabled by serving the context again with it. */
    public synchronized void reconfigure(HealthSettings newSettings) {
        HealthSettings previous = settings;
        settings = newSettings;
        if (serving && previous.securityEnabled() != newSettings.securityEnabled()) {
            http.get().removeContext(HealthHandler.CONTEXT);
            http.get().addManagementHandler(HealthHandler.CONTEXT, newSettings.securityEnabled(), new HealthHandler(this));
        }
        if (previous.securityEnabled() != newSettings.securityEnabled() || !previous.unhealthyAfter().equals(newSettings.unhealthyAfter())) {
            VigilLogger.ROOT_LOGGER.healthServed(HealthHandler.PATH, newSettings.securityEnabled(), newSettings.unhealthyAfter().toSeconds());
        }
    }

    /** The answer now; a change of verdict is logged once. */
    public HealthAnswer answer() {
        HealthAnswer answer = HealthAnswer.of(sources, settings, clock.instant());
        boolean up = answer.verdict().up();
        Boolean before = lastUp;
        lastUp = up;
        boolean changed = before != null ? before != up : !up; // the first answer is news only when DOWN
        if (changed && up) {
            VigilLogger.ROOT_LOGGER.healthUp(answer.verdict().reason());
        } else if (changed) {
            VigilLogger.ROOT_LOGGER.healthDown(answer.verdict().reason());
        }
        return answer;
    }
}
