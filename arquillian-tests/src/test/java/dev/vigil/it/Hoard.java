package dev.vigil.it;

import java.net.URL;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import com.example.hoard.HoardServlet;

/** The test's side of hoard.war: builds the deployment and asks its servlet to retain or release memory. */
final class Hoard {

    static final String WAR = "hoard.war";
    private static final long MIB = 1024 * 1024;

    private final String servlet;

    /** @param contextUrl the deployment's URL, as Arquillian injects it */
    Hoard(URL contextUrl) {
        this.servlet = contextUrl.toString().replaceFirst("/?$", "/") + "hoard";
    }

    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, WAR).addClass(HoardServlet.class);
    }

    /** Retains {@code megabytes} more and runs a full GC, so the next after-GC reading counts them. */
    String addAndCollect(long megabytes) {
        return get("add=" + megabytes + "&gc");
    }

    String releaseAndCollect() {
        return get("release&gc");
    }

    /** How many MB the hoard must add for the watermark's after-GC usage to reach {@code percent} of its max. */
    long megabytesToReach(WatermarkManagement watermark, double percent) {
        collect();
        org.jboss.dmr.ModelNode now = watermark.readResource();
        long missing = (long) (now.get("max").asLong() * percent / 100) - now.get("after-gc-used").asLong();
        if (missing <= 0) {
            throw new AssertionError("already at " + percent + "% before adding: " + now);
        }
        return (missing + MIB - 1) / MIB;
    }

    /** Allocates until OutOfMemoryError, then lets go: what the servlet says it reached. */
    String exhaust() {
        return get("exhaust");
    }

    String collect() {
        return get("gc");
    }

    private String get(String query) {
        return Http.get(servlet + "?" + query).trim();
    }
}
