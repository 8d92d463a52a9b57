package dev.vigil.it;

import java.nio.file.Path;

/** Where the server under test listens, and where it is installed (a copy made by the build, see pom.xml). */
final class ServerAddress {

    static final String HOST = "127.0.0.1";
    static final int MANAGEMENT_PORT = 9990;
    static final int JOLOKIA_PORT = 8778;

    static final String JMX_URL = "service:jmx:remote+http://" + HOST + ":" + MANAGEMENT_PORT;
    static final String METRICS_URL = "http://" + HOST + ":" + MANAGEMENT_PORT + "/metrics";
    static final String JOLOKIA_URL = "http://" + HOST + ":" + JOLOKIA_PORT + "/jolokia";

    /** The watermark the shipped configuration defines, and its names in each of Vigil's faces. */
    static final String WATERMARK = "heap";
    static final String WATERMARK_MBEAN = "vigil:type=Watermark,name=" + WATERMARK;
    static final String WATERMARK_MODEL_MBEAN = "jboss.as:subsystem=vigil,watermark=" + WATERMARK;

    static Path jbossHome() {
        String home = System.getProperty("jboss.home");
        if (home == null) {
            throw new IllegalStateException("System property jboss.home is not set (the failsafe configuration in pom.xml sets it)");
        }
        return Path.of(home);
    }

    private ServerAddress() {
    }
}
