package dev.vigil.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class InstanceInfoTest {

    @Test
    void parseReadsWhatFormatWrote() {
        InstanceInfo info = new InstanceInfo(4242, "host-a", Instant.parse("2025-03-04T05:06:07.123456Z"), "/opt/wildfly",
                "/opt/wildfly/standalone", "/opt/wildfly/standalone/configuration/standalone.xml", 100, List.of(8180, 10090));

        assertEquals(info, InstanceInfo.parse(info.format()));
    }

    @Test
    void parseReadsWhatFormatWroteForThisProcess() {
        InstanceInfo me = InstanceInfo.current("standalone.xml", 0, List.of());

        assertEquals(me, InstanceInfo.parse(me.format()));
    }

    @Test
    void parseOfAnEmptyTextIsNull() {
        assertNull(InstanceInfo.parse(""));
    }

    @Test
    void parseOfGarbageIsNull() {
        assertNull(InstanceInfo.parse("garbage"));
        assertNull(InstanceInfo.parse("\u0000\u0001\u00ff binary \n"));
        assertNull(InstanceInfo.parse("pid=not-a-number\nhost=h\n"));
    }

    @Test
    void parseOfAFileNamingOnlyAPidFillsTheRestWithDefaults() {
        InstanceInfo info = InstanceInfo.parse("pid=17\n");

        assertEquals(new InstanceInfo(17, "?", Instant.EPOCH, "", "", "", 0, List.of()), info);
    }
}
