package dev.vigil.analyzer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QuantitiesTest {

    @Test
    void bytesInBinaryUnitsWithOneDecimal() {
        assertEquals("0 B", Quantities.bytes(0));
        assertEquals("1023 B", Quantities.bytes(1023));
        assertEquals("1.0 KiB", Quantities.bytes(1024));
        assertEquals("179.8 MiB", Quantities.bytes(188_481_536));
        assertEquals("250.0 MiB", Quantities.bytes(250L << 20));
        assertEquals("1.0 MiB", Quantities.bytes((1L << 20) - 1), "not 1024.0 KiB");
        assertEquals("1.0 GiB", Quantities.bytes(1L << 30));
        assertEquals("8.0 EiB", Quantities.bytes(Long.MAX_VALUE));
    }

    @Test
    void countsAndShares() {
        assertEquals("3,456,789", Quantities.count(3_456_789));
        assertEquals("0", Quantities.count(0));
        assertEquals("71.9 %", Quantities.percent(71.94));
        assertEquals("0.0 %", Quantities.percent(0.04));
        assertEquals("100.0 %", Quantities.percent(100));
    }
}
