package dev.vigil.analyzer.hprof;

/** The basic type codes HPROF writes for fields and primitive arrays, and how many bytes a value of each takes in the dump. */
public final class HprofTypes {

    public static final int OBJECT = 2;
    public static final int BOOLEAN = 4;
    public static final int CHAR = 5;
    public static final int FLOAT = 6;
    public static final int DOUBLE = 7;
    public static final int BYTE = 8;
    public static final int SHORT = 9;
    public static final int INT = 10;
    public static final int LONG = 11;

    private HprofTypes() {
    }

    /** Bytes one value takes in the dump (an object reference takes the identifier size). */
    public static int dumpSize(int type, int idSize) {
        return switch (type) {
            case OBJECT -> idSize;
            case BOOLEAN, BYTE -> 1;
            case CHAR, SHORT -> 2;
            case FLOAT, INT -> 4;
            case DOUBLE, LONG -> 8;
            default -> throw new IllegalArgumentException("unknown HPROF basic type " + type);
        };
    }

    /** The Java name of a primitive type code: {@code byte}, {@code int}, ... */
    public static String javaName(int type) {
        return switch (type) {
            case BOOLEAN -> "boolean";
            case CHAR -> "char";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case BYTE -> "byte";
            case SHORT -> "short";
            case INT -> "int";
            case LONG -> "long";
            default -> "object";
        };
    }

    /** A class name as the JVM spells it ({@code java/util/HashMap$Node}, {@code [Ljava/lang/Object;}, {@code [[I}) in Java form. */
    public static String javaClassName(String internal) {
        String name = internal.replace('/', '.');
        int dims = 0;
        while (dims < name.length() && name.charAt(dims) == '[') {
            dims++;
        }
        if (dims == 0) {
            return name;
        }
        String element = name.substring(dims);
        String base = switch (element.isEmpty() ? ' ' : element.charAt(0)) {
            case 'L' -> element.substring(1, element.endsWith(";") ? element.length() - 1 : element.length());
            case 'B' -> "byte";
            case 'C' -> "char";
            case 'D' -> "double";
            case 'F' -> "float";
            case 'I' -> "int";
            case 'J' -> "long";
            case 'S' -> "short";
            case 'Z' -> "boolean";
            default -> element;
        };
        return base + "[]".repeat(dims);
    }
}
