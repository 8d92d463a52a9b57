package dev.vigil.subsystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.Test;

/** The action suspend over a fake suspend controller: Vigil resumes only what it suspended, once no watermark holds it. */
class ServerSuspensionTest {

    private static final Instant T = Instant.parse("2026-12-02T08:00:00Z");

    /** A suspend controller that records the calls and changes state as WildFly's does. */
    private static final class FakeServer implements ServerSuspension.Server {
        String state = "RUNNING";
        final List<String> calls = new ArrayList<>();

        @Override
        public String state() {
            return state;
        }

        @Override
        public void suspend() {
            calls.add("suspend");
            state = "SUSPENDED";
        }

        @Override
        public void resume() {
            calls.add("resume");
            state = "RUNNING";
        }
    }

    private final FakeServer server = new FakeServer();
    private final ServerSuspension suspension = new ServerSuspension();

    @Test
    void suspendsOnTheRiseAndResumesWhenTheWatermarkIsNormalAgain() {
        suspension.server(server);
        suspension.suspend("heap", T);
        assertEquals("SUSPENDED", server.state);
        ModelNode standing = suspension.standing();
        assertTrue(standing.get("held-by-vigil").asBoolean());
        assertEquals(T.toString(), standing.get("since").asString());
        assertEquals("heap", standing.get("watermarks").get(0).asString());
        assertEquals("SUSPENDED", standing.get("suspend-state").asString());
        suspension.release("heap");
        assertEquals(List.of("suspend", "resume"), server.calls);
        assertFalse(suspension.standing().get("held-by-vigil").asBoolean());
        assertFalse(suspension.standing().get("since").isDefined());
    }

    @Test
    void aServerSomeoneElseSuspendedIsNeitherSuspendedAgainNorResumed() {
        suspension.server(server);
        server.state = "SUSPENDED";
        suspension.suspend("heap", T);
        suspension.release("heap");
        assertEquals(List.of(), server.calls);
        assertEquals("SUSPENDED", server.state);
        assertFalse(suspension.standing().get("held-by-vigil").asBoolean());
    }

    @Test
    void staysSuspendedWhileAnotherWatermarkStillHoldsIt() {
        suspension.server(server);
        suspension.suspend("heap", T);
        suspension.suspend("old-gen", T.plusSeconds(5));
        suspension.release("heap");
        assertEquals(List.of("suspend"), server.calls);
        assertEquals("old-gen", suspension.standing().get("watermarks").get(0).asString());
        assertEquals(T.toString(), suspension.standing().get("since").asString(), "since Vigil suspended it, not since the second hold");
        suspension.release("old-gen");
        assertEquals(List.of("suspend", "resume"), server.calls);
    }

    @Test
    void aServerResumedByAnAdminMeanwhileIsLeftRunning() {
        suspension.server(server);
        suspension.suspend("heap", T);
        server.state = "RUNNING"; // :resume by an admin
        suspension.release("heap");
        assertEquals(List.of("suspend"), server.calls);
    }

    @Test
    void aWatermarkThatNeverSuspendedReleasesNothing() {
        suspension.server(server);
        suspension.suspend("heap", T);
        suspension.release("old-gen");
        assertEquals("SUSPENDED", server.state);
        assertEquals(List.of("suspend"), server.calls);
    }

    @Test
    void withoutASuspendControllerTheActionDoesNothing() {
        suspension.suspend("heap", T);
        suspension.release("heap");
        ModelNode standing = suspension.standing();
        assertFalse(standing.get("held-by-vigil").asBoolean());
        assertFalse(standing.get("suspend-state").isDefined());
    }
}
