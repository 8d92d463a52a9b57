package dev.vigil.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ServerConfigFileTest {

    private static final String DIR = "/opt/wildfly/standalone/configuration";

    private static String of(String... arguments) {
        return ServerConfigFile.of(arguments, DIR);
    }

    @Test
    void withoutAConfigArgumentItIsStandaloneXmlInTheConfigDir() {
        assertEquals(Path.of(DIR, "standalone.xml").toString(), of("-Xmx512m", "-Djboss.home.dir=/opt/wildfly", "org.jboss.as.standalone"));
    }

    @Test
    void dashCFollowedByTheFileNamesIt() {
        assertEquals(Path.of(DIR, "standalone-ha.xml").toString(), of("org.jboss.as.standalone", "-c", "standalone-ha.xml"));
    }

    @Test
    void dashCEqualsNamesIt() {
        assertEquals(Path.of(DIR, "standalone-ha.xml").toString(), of("org.jboss.as.standalone", "-c=standalone-ha.xml"));
    }

    @Test
    void serverConfigFollowedByTheFileNamesIt() {
        assertEquals(Path.of(DIR, "standalone-full.xml").toString(), of("org.jboss.as.standalone", "--server-config", "standalone-full.xml"));
    }

    @Test
    void serverConfigEqualsNamesIt() {
        assertEquals(Path.of(DIR, "standalone-full.xml").toString(), of("org.jboss.as.standalone", "--server-config=standalone-full.xml"));
    }

    @Test
    void dashCAsTheLastArgumentNamesNothing() {
        assertEquals(Path.of(DIR, "standalone.xml").toString(), of("org.jboss.as.standalone", "-c"));
    }

    @Test
    void aDomainServerIsNamedNotItsFile() {
        assertEquals("domain server server-one", of("-D[Server:server-one]", "-Xmx64m", "org.jboss.as.server", "-c", "ignored.xml"));
    }

    @Test
    void withoutAConfigDirItIsTheFileNameAlone() {
        assertEquals("standalone-ha.xml", ServerConfigFile.of(new String[] {"-c", "standalone-ha.xml"}, ""));
        assertEquals("standalone.xml", ServerConfigFile.of(new String[0], ""));
    }
}
