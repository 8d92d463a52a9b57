package dev.vigil.it;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import com.example.shop.ExecutorServlet;
import com.example.shop.Gate;
import com.example.shop.SleepTask;

/** /subsystem=vigil/service=thread-census through the management API, and the wars whose threads it counts. */
final class Census extends Management {

    static final ModelNode ADDRESS = Operations.createAddress("subsystem", "vigil", "service", "thread-census");
    static final String MBEAN = "vigil:type=ThreadCensus";
    /** What WildFly's JSP compiler makes of bot_api.jsp, and of the anonymous Runnable inside it. */
    static final String JSP = "org.apache.jsp.bot_005fapi_jsp";
    static final String JSP_RUNNABLE = JSP + "$1";

    Census() {
        super(ADDRESS);
    }

    /** The census of a server the test started itself. */
    Census(int managementPort) {
        super(ADDRESS, managementPort);
    }

    /** At another address on a server the test started itself: a managed server's, through its domain controller. */
    Census(ModelNode address, int managementPort) {
        super(address, managementPort);
    }

    /** examples/shop/src/main/webapp: the JSP of shop.war, the example the docs deploy (vigil.examples.dir). */
    private static final Path SHOP_WEBAPP = Path.of(System.getProperty("vigil.examples.dir", "../examples"), "shop", "src", "main", "webapp");

    /** shop.war under another name: the incident's JSP and a servlet whose executor is never shut down. */
    static WebArchive war(String name) {
        return ShrinkWrap.create(WebArchive.class, name)
                .addClasses(Gate.class, SleepTask.class, ExecutorServlet.class)
                .addAsWebResource(SHOP_WEBAPP.resolve("bot_api.jsp").toFile(), "bot_api.jsp");
    }

    /** census(group-by, top=0): origin to live threads, after a census taken now. */
    Map<String, Integer> census(String groupBy) {
        ModelNode operation = Operations.createOperation("census", address);
        operation.get("group-by").set(groupBy);
        operation.get("top").set(0);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ModelNode row : result(operation).asList()) {
            counts.put(row.get("origin").asString(), row.get("count").asInt());
        }
        return counts;
    }

    /** The census row of one origin (count, peak, samples: thread names), undefined when it has no live thread. */
    ModelNode row(String groupBy, String origin) {
        ModelNode operation = Operations.createOperation("census", address);
        operation.get("group-by").set(groupBy);
        operation.get("top").set(0);
        return result(operation).asList().stream().filter(row -> row.get("origin").asString().equals(origin)).findFirst().orElse(new ModelNode());
    }

    int count(String groupBy, String origin) {
        return census(groupBy).getOrDefault(origin, 0);
    }
}
