package dev.vigil.analyzer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

import dev.vigil.analyzer.report.HtmlReport;
import dev.vigil.analyzer.report.Quantities;
import dev.vigil.analyzer.report.Report;
import dev.vigil.analyzer.report.ReportWriter;
import dev.vigil.analyzer.report.Suspect;

/**
 * {@code java -jar vigil-analyzer.jar DUMP [--out DIR] [--threads FILE] [--quiet]}: analyses one heap dump and writes
 * {@code BASE.report.html} and {@code BASE.report.json}. Vigil runs it as a child process after a dump; an
 * administrator runs it by hand through {@code $JBOSS_HOME/bin/vigil-analyze.sh}.
 *
 * <p>Exit codes: {@link #OK}, {@link #FAILED}, {@link #USAGE}, {@link #OUT_OF_MEMORY}. Every error is one line on
 * stderr (an unexpected exception adds its stack trace); arguments are all checked before anything is read or written.
 */
public final class Main {

    /** Both reports written. */
    public static final int OK = 0;
    /** The dump could not be read or analysed, or the reports not written. */
    public static final int FAILED = 1;
    /** Bad arguments: nothing was read or written. */
    public static final int USAGE = 2;
    /** The analyzer's JVM ran out of heap: run it with more. */
    public static final int OUT_OF_MEMORY = 3;

    static final String NAME = "vigil-analyzer";

    static final String USAGE_TEXT = """
            Usage: java -jar vigil-analyzer.jar DUMP [--out DIR] [--threads FILE] [--quiet]
                   $JBOSS_HOME/bin/vigil-analyze.sh DUMP [--out DIR] [--threads FILE] [--quiet]

            Reads a heap dump (BASE.hprof or BASE.hprof.gz) and writes BASE.report.html and
            BASE.report.json: the leak suspects with their paths from a GC root, retained heap
            by thread origin and by deployment, GC roots, class histogram.

              DUMP            the HPROF heap dump, raw or gzip
              --out DIR       the directory to write the reports into (default: the dump's directory)
              --threads FILE  the thread census companion that names each thread's creator
                              (default: BASE.threads.txt beside the dump, if there is one)
              --quiet         no progress on stderr
              --help          this text

            Exit status: 0 reports written, 1 dump unreadable or reports not written,
            2 bad arguments (nothing written), 3 out of memory (VIGIL_ANALYZER_HEAP=4g for the
            script, java -Xmx4g -jar for the jar).
            """;

    /** The analysis Main runs: {@link Analyzer#analyze} but in tests. */
    @FunctionalInterface
    interface DumpAnalysis {
        Report analyze(Path dump, Path threads, Progress progress) throws IOException;
    }

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, Analyzer::analyze, System::nanoTime);
    }

    static int run(String[] args, PrintStream out, PrintStream err, DumpAnalysis analysis, LongSupplier nanoTime) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
            if (arguments == null) {
                out.print(USAGE_TEXT);
                return OK;
            }
            arguments = arguments.checked();
        } catch (BadArgument e) {
            err.println(NAME + ": " + e.getMessage());
            return USAGE;
        }

        ProgressLines lines = arguments.quiet ? null : new ProgressLines(err, nanoTime);
        Progress progress = lines != null ? lines : Progress.NONE;
        java.util.concurrent.ScheduledExecutorService heartbeat = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "vigil-analyzer-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        if (lines != null) {
            heartbeat.scheduleWithFixedDelay(lines::heartbeat, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
        Report report;
        try {
            report = analysis.analyze(arguments.dump, arguments.threads, progress);
        } catch (OutOfMemoryError e) {
            err.println(NAME + ": " + outOfMemory(arguments.dump, Runtime.getRuntime().maxMemory()));
            return OUT_OF_MEMORY;
        } catch (IOException e) {
            err.println(NAME + ": cannot read " + arguments.dump + ": " + reason(e));
            return FAILED;
        } catch (RuntimeException e) {
            err.println(NAME + ": cannot analyse " + arguments.dump + ": " + e);
            e.printStackTrace(err);
            return FAILED;
        } finally {
            heartbeat.shutdownNow();
        }

        ReportWriter.Written written;
        try {
            if (!arguments.quiet) {
                err.println("writing the reports");
            }
            written = ReportWriter.write(report, arguments.out);
        } catch (OutOfMemoryError e) {
            err.println(NAME + ": " + outOfMemory(arguments.dump, Runtime.getRuntime().maxMemory()));
            return OUT_OF_MEMORY;
        } catch (IOException e) {
            err.println(NAME + ": cannot write the reports into " + arguments.out + ": " + reason(e));
            return FAILED;
        }
        out.println(written.html());
        out.println(written.json());
        if (report.suspects().isEmpty()) {
            out.println(printable(HtmlReport.noSuspect(report)));
        } else {
            Suspect first = report.suspects().get(0);
            out.println("Suspect 1: " + printable(first.description()));
        }
        return OK;
    }

    /** One line: how much heap this JVM had, and both ways to give it more. */
    static String outOfMemory(Path dump, long maxMemory) {
        long gib = 1L << 30;
        long suggested = Math.max(2, (2 * maxMemory + gib - 1) / gib);
        return "out of memory analysing " + dump + ": the analyzer needs more heap than its -Xmx of " + Quantities.bytes(maxMemory)
                + " (Runtime.maxMemory); give it more: VIGIL_ANALYZER_HEAP=" + suggested + "g for vigil-analyze.sh, or java -Xmx" + suggested
                + "g -jar vigil-analyzer.jar";
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file " + e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Text from the analysed program (thread names in a description) for a terminal: control characters shown as
     * {@code \\u001b}, so a thread name cannot move the cursor or retitle the window.
     */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A bad argument: its message names the argument, its value and what is allowed. */
    static final class BadArgument extends Exception {
        private static final long serialVersionUID = 1L;

        BadArgument(String message) {
            super(message);
        }
    }

    /** The command line, parsed; {@link #checked} resolves the defaults and checks every path before any work. */
    static final class Arguments {
        Path dump;
        Path out;
        Path threads;
        boolean quiet;
        private boolean outGiven;
        private boolean threadsGiven;

        /** @return null for {@code --help} */
        static Arguments parse(String[] args) throws BadArgument {
            Arguments parsed = new Arguments();
            boolean options = true;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (options && (arg.equals("--help") || arg.equals("-h"))) {
                    return null;
                }
                if (options && arg.equals("--")) {
                    options = false; // what follows is DUMP, even if it starts with '-'
                } else if (options && (arg.equals("--out") || arg.startsWith("--out="))) {
                    if (parsed.outGiven) {
                        throw new BadArgument("--out given twice; give one directory");
                    }
                    parsed.outGiven = true;
                    parsed.out = path("--out", "a directory", value(args, i, "--out", "a directory"));
                    i += arg.contains("=") ? 0 : 1;
                } else if (options && (arg.equals("--threads") || arg.startsWith("--threads="))) {
                    if (parsed.threadsGiven) {
                        throw new BadArgument("--threads given twice; give one census file");
                    }
                    parsed.threadsGiven = true;
                    parsed.threads = path("--threads", "the census file BASE.threads.txt", value(args, i, "--threads", "the census file BASE.threads.txt"));
                    i += arg.contains("=") ? 0 : 1;
                } else if (options && arg.equals("--quiet")) {
                    parsed.quiet = true;
                } else if (options && arg.startsWith("-") && arg.length() > 1) {
                    throw new BadArgument("unknown option " + arg + "; allowed: DUMP [--out DIR] [--threads FILE] [--quiet], or --help");
                } else if (parsed.dump != null) {
                    throw new BadArgument("DUMP given twice (" + parsed.dump + " and " + arg + "); give one heap dump file");
                } else {
                    parsed.dump = path("DUMP", "a heap dump file", arg);
                }
            }
            if (parsed.dump == null) {
                throw new BadArgument("DUMP missing: give the heap dump file (BASE.hprof or BASE.hprof.gz); --help for usage");
            }
            return parsed;
        }

        private static String value(String[] args, int i, String option, String allowed) throws BadArgument {
            String arg = args[i];
            String value;
            if (arg.startsWith(option + "=")) {
                value = arg.substring(option.length() + 1);
            } else if (i + 1 < args.length) {
                value = args[i + 1];
            } else {
                throw new BadArgument(option + " needs a value: " + allowed);
            }
            if (value.isEmpty()) {
                throw new BadArgument(option + " is empty: give " + allowed);
            }
            return value;
        }

        private static Path path(String argument, String allowed, String value) throws BadArgument {
            try {
                return Path.of(value).toAbsolutePath();
            } catch (java.nio.file.InvalidPathException e) {
                throw new BadArgument(argument + " " + value + " is no valid path (" + e.getReason() + "): give " + allowed);
            }
        }

        Arguments checked() throws BadArgument {
            if (!Files.exists(dump)) {
                throw new BadArgument("DUMP " + dump + ": no such file; give a heap dump file (BASE.hprof or BASE.hprof.gz)");
            }
            if (!Files.isRegularFile(dump)) {
                throw new BadArgument("DUMP " + dump + " is not a regular file" + (Files.isDirectory(dump) ? " but a directory" : "")
                        + "; give a heap dump file (BASE.hprof or BASE.hprof.gz)");
            }
            if (!Files.isReadable(dump)) {
                throw new BadArgument("DUMP " + dump + " is not readable by this user; give a heap dump file you may read");
            }

            String which = outGiven ? "--out " : "--out (default: the dump's directory) ";
            if (out == null) {
                out = dump.getParent();
            }
            if (Files.isSymbolicLink(out)) {
                throw new BadArgument(which + out + " is a symbolic link; give the directory it points to");
            }
            if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
                throw new BadArgument(which + out + ": no such directory; give an existing directory to write the reports into");
            }
            if (!Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
                throw new BadArgument(which + out + " is not a directory; give an existing directory to write the reports into");
            }
            if (!Files.isWritable(out)) {
                throw new BadArgument(which + out + " is not writable by this user; give a directory you may write into");
            }

            if (threads == null) {
                Path companion = dump.resolveSibling(ReportWriter.base(dump.getFileName().toString()) + ReportFiles.THREADS);
                threads = Files.isRegularFile(companion) ? companion : null;
            } else if (!Files.isRegularFile(threads)) {
                throw new BadArgument("--threads " + threads + (Files.exists(threads) ? " is not a regular file" : ": no such file")
                        + "; give the census file BASE.threads.txt, or leave --threads out");
            }
            return this;
        }
    }
}
