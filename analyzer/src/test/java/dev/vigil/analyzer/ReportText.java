package dev.vigil.analyzer;

import dev.vigil.analyzer.report.Report;

/** A report as plain lines, printed by the tests (into surefire's output files) to read when an assertion fails. */
final class ReportText {

    private ReportText() {
    }

    static String of(Report r) {
        StringBuilder b = new StringBuilder();
        b.append("dump ").append(r.dump()).append(' ').append(r.dumpBytes()).append(" bytes, heap ").append(r.heapBytes()).append(" in ")
                .append(r.objects()).append(" objects, unreachable ").append(r.unreachableBytes()).append(" in ").append(r.unreachableObjects())
                .append(", classes ").append(r.classes()).append(", ").append(r.durationMillis()).append(" ms\n");
        r.suspects().forEach(s -> b.append("suspect ").append(s).append('\n'));
        r.threadOrigins().forEach(t -> b.append("origin ").append(t).append('\n'));
        r.deployments().forEach(d -> b.append("deployment ").append(d).append('\n'));
        r.gcRoots().forEach(g -> b.append("root ").append(g).append('\n'));
        r.histogram().stream().limit(15).forEach(h -> b.append("class ").append(h).append('\n'));
        return b.toString();
    }
}
