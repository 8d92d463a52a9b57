#!/bin/sh
# Runs Vigil's heap dump analyzer by hand:
#   $JBOSS_HOME/bin/vigil-analyze.sh DUMP [--out DIR] [--threads FILE] [--quiet]
# writes BASE.report.html and BASE.report.json beside the dump (or into --out). --help for more.
#
# Environment:
#   JBOSS_HOME           the WildFly home (default: the directory above this script's)
#   JAVA_HOME            the Java to run (default: java on the PATH)
#   VIGIL_ANALYZER_HEAP  the analyzer's heap, as for -Xmx (default 1536m); a large dump needs more: 4g, 8g
#
# The analyzer runs at the lowest CPU priority (nice -n 19) when nice is available, with one GC thread (as Vigil runs
# it after each dump), so it can share a machine with the server whose dump it reads.

fail() {
    echo "vigil-analyze.sh: $*" >&2
    exit 2
}

if [ -z "$JBOSS_HOME" ]; then
    # this script's own location, through any links to it: $JBOSS_HOME/bin/vigil-analyze.sh
    script="$0"
    while [ -L "$script" ]; do
        target=$(readlink "$script") || break
        case "$target" in
            /*) script="$target" ;;
            *) script="$(dirname "$script")/$target" ;;
        esac
    done
    JBOSS_HOME=$(cd "$(dirname "$script")/.." && pwd -P) || fail "cannot find JBOSS_HOME from $0; set JBOSS_HOME"
fi

# The module's directory: vigil-analyzer.jar from the module zip, vigil-analyzer-VERSION.jar from the Galleon feature pack
MODULE="$JBOSS_HOME/modules/system/add-ons/vigil/dev/vigil/main"
JAR=""
for candidate in "$MODULE/vigil-analyzer.jar" "$MODULE"/vigil-analyzer-*.jar; do
    if [ -f "$candidate" ]; then
        JAR="$candidate"
        break
    fi
done
if [ -z "$JAR" ]; then
    fail "the analyzer is missing: no vigil-analyzer jar in $MODULE (JBOSS_HOME=$JBOSS_HOME); unzip the Vigil module zip in JBOSS_HOME or provision the vigil layer, or set JBOSS_HOME"
fi

if [ -n "$JAVA_HOME" ]; then
    JAVA="$JAVA_HOME/bin/java"
    [ -x "$JAVA" ] || fail "JAVA_HOME=$JAVA_HOME has no bin/java; set JAVA_HOME to a Java 17 or later, or unset it to use java on the PATH"
else
    JAVA=$(command -v java) || fail "no java on the PATH; install Java 17 or later, or set JAVA_HOME"
fi

HEAP="${VIGIL_ANALYZER_HEAP:-1536m}"
case "$HEAP" in
    "" | *[!0-9kKmMgGtT]* | [!0-9]*) fail "VIGIL_ANALYZER_HEAP=$HEAP is no heap size; give one as for -Xmx: 1536m, 4g" ;;
esac

if command -v nice >/dev/null 2>&1; then
    exec nice -n 19 "$JAVA" "-Xmx$HEAP" -XX:+UseSerialGC -jar "$JAR" "$@"
fi
exec "$JAVA" "-Xmx$HEAP" -XX:+UseSerialGC -jar "$JAR" "$@"
