package dev.vigil.analyzer.hprof;

/** One CLASS DUMP sub-record as read (a few ten thousand per dump: plain objects are fine here). */
final class ClassDump {
    long id;
    long superId;
    long loaderId;
    long[] constantPoolRefs;
    long[] staticNameIds;
    byte[] staticTypes;
    long[] staticValues;
    long[] fieldNameIds;
    byte[] fieldTypes;
}
