package dev.vigil.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vigil.analyzer.report.Report;

/** Scenario 7: dumps written by hand, with a GC root (and a field) naming an object the dump lacks. */
class HandWrittenDumpTest {

    @TempDir
    Path dir;

    /** A minimal HPROF writer: just what these dumps need. */
    static final class HprofWriter {
        final int idSize;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final DataOutputStream out = new DataOutputStream(bytes);
        final ByteArrayOutputStream heap = new ByteArrayOutputStream();
        final DataOutputStream h = new DataOutputStream(heap);

        HprofWriter(int idSize, long time) throws IOException {
            this.idSize = idSize;
            out.write("JAVA PROFILE 1.0.2".getBytes(StandardCharsets.US_ASCII));
            out.write(0);
            out.writeInt(idSize);
            out.writeLong(time);
        }

        void id(DataOutputStream d, long id) throws IOException {
            if (idSize == 8) {
                d.writeLong(id);
            } else {
                d.writeInt((int) id);
            }
        }

        void record(int tag, byte[] body) throws IOException {
            out.write(tag);
            out.writeInt(0);
            out.writeInt(body.length);
            out.write(body);
        }

        void utf8(long id, String s) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(b);
            id(d, id);
            d.write(s.getBytes(StandardCharsets.UTF_8));
            record(0x01, b.toByteArray());
        }

        void loadClass(int serial, long classId, long nameId) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(b);
            d.writeInt(serial);
            id(d, classId);
            d.writeInt(0);
            id(d, nameId);
            record(0x02, b.toByteArray());
        }

        /** A class with one static reference field and instance fields {@code (nameId, type)}. */
        void classDump(long id, long superId, long staticName, long staticValue, long[][] fields) throws IOException {
            h.write(0x20);
            id(h, id);
            h.writeInt(0);
            id(h, superId);
            for (int i = 0; i < 5; i++) {
                id(h, 0); // loader (boot), signers, protection domain, reserved
            }
            h.writeInt(0);
            h.writeShort(0);
            if (staticName == 0) {
                h.writeShort(0);
            } else {
                h.writeShort(1);
                id(h, staticName);
                h.write(2);
                id(h, staticValue);
            }
            h.writeShort(fields.length);
            for (long[] f : fields) {
                id(h, f[0]);
                h.write((int) f[1]);
            }
        }

        void instance(long id, long classId, byte[] values) throws IOException {
            h.write(0x21);
            id(h, id);
            h.writeInt(0);
            id(h, classId);
            h.writeInt(values.length);
            h.write(values);
        }

        void bytes(long id, int length) throws IOException {
            h.write(0x23);
            id(h, id);
            h.writeInt(0);
            h.writeInt(length);
            h.write(8);
            h.write(new byte[length]);
        }

        void root(int tag, long id) throws IOException {
            h.write(tag);
            id(h, id);
            if (tag == 0x01) {
                id(h, 0x9999);
            }
        }

        byte[] finish() throws IOException {
            record(0x1C, heap.toByteArray());
            record(0x2C, new byte[0]);
            return bytes.toByteArray();
        }
    }

    byte[] dump(int idSize) throws IOException {
        HprofWriter w = new HprofWriter(idSize, 1_700_000_000_000L);
        w.utf8(1, "java/lang/Object");
        w.utf8(2, "Thing");
        w.utf8(3, "next");
        w.utf8(4, "data");
        w.utf8(5, "FIRST");
        w.utf8(6, "count");
        w.loadClass(1, 0x100, 1);
        w.loadClass(2, 0x200, 2);
        w.classDump(0x100, 0, 0, 0, new long[0][]);
        w.classDump(0x200, 0x100, 5, 0x1000, new long[][] {{3, 2}, {4, 2}, {6, 10}});
        w.root(0x05, 0x100); // sticky class java.lang.Object
        w.root(0x05, 0x200); // sticky class Thing
        w.root(0x01, 0xDEAD); // a JNI global naming a missing object
        w.root(0x08 - 0x07, 0xBEEF); // another
        w.root(0xFF, 0x2000);
        // Thing 0x1000: next -> Thing 0x2000, data -> byte[100]; Thing 0x2000: next -> missing, data -> null
        w.instance(0x1000, 0x200, fields(idSize, 0x2000, 0x3000, 7));
        w.instance(0x2000, 0x200, fields(idSize, 0xF00D, 0, 8));
        w.bytes(0x3000, 100);
        w.bytes(0x4000, 10); // garbage
        return w.finish();
    }

    static byte[] fields(int idSize, long next, long data, int count) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        for (long v : new long[] {next, data}) {
            if (idSize == 8) {
                d.writeLong(v);
            } else {
                d.writeInt((int) v);
            }
        }
        d.writeInt(count);
        return b.toByteArray();
    }

    @Test
    void aRootNamingAMissingObjectIsIgnored() throws Exception {
        for (int idSize : new int[] {4, 8}) {
            Path file = dir.resolve("hand-" + idSize + ".hprof");
            Files.write(file, dump(idSize));
            java.util.List<String> phases = new java.util.ArrayList<>();
            long[] lastDone = {-1, -1};
            Report report = Analyzer.analyze(file, null, new Progress() {
                @Override
                public void phase(String name) {
                    phases.add(name);
                }

                @Override
                public void advanced(long done, long total) {
                    lastDone[0] = done;
                    lastDone[1] = total;
                }
            });
            assertEquals(java.util.List.of("reading classes and objects", "reading references", "reading threads and class loaders",
                    "shortest paths", "dominators", "retained sizes", "report", "reading the suspects' paths"), phases);
            assertEquals(Files.size(file), lastDone[1]);
            assertEquals(Files.size(file), lastDone[0]);
            System.out.println(ReportText.of(report));
            assertEquals(2, report.classes());
            // reachable: 2 classes (96, and 96 + one static reference = 104), 2 Things (12 + 4 + 4 + 4 = 24), byte[100] (16 + 100 -> 120)
            assertEquals(5, report.objects());
            assertEquals(96 + 104 + 24 + 24 + 120, report.heapBytes());
            assertEquals(1, report.unreachableObjects());
            assertEquals(32, report.unreachableBytes());
            assertEquals(1_700_000_000_000L, report.dumpTime().toEpochMilli());
            assertEquals(2, report.gcRoots().stream().filter(r -> r.kind().equals("sticky class")).mapToLong(r -> r.roots()).sum());
            assertTrue(report.gcRoots().stream().noneMatch(r -> r.kind().equals("JNI global")), report.gcRoots().toString());
            // the first Thing, held by the static: its path names the field
            assertEquals(java.util.List.of("sticky class Thing", "class Thing.FIRST", "Thing"), report.suspects().stream()
                    .filter(s -> s.retainedBytes() == 24 + 120).findFirst().orElseThrow().path());
        }
    }
}
