package dev.vigil.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * ops/grafana/vigil-dashboard.json is a dashboard Grafana 10 and 11 import as it is: its model parses, its variables
 * exist, and every panel queries the Prometheus the datasource variable picks, with PromQL in each target, a unique
 * id and a place on the grid. That each query returns data is PrometheusIT's, against a real server.
 */
class DashboardModelTest {

    /** Grafana 10.0 writes schemaVersion 38, 11.x 39 to 41. */
    private static final int OLDEST_SCHEMA = 37;
    private static final int NEWEST_SCHEMA = 41;
    private static final String DATASOURCE = "${datasource}";
    /** Grafana's own variables that a Prometheus query may use. */
    private static final Set<String> GLOBAL_VARIABLES = Set.of("__rate_interval", "__interval", "__range");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)");

    private static JsonNode dashboard;

    @BeforeAll
    static void parse() {
        try {
            dashboard = new ObjectMapper().readTree(OpsFiles.existing(OpsFiles.DASHBOARD).toFile());
        } catch (IOException e) {
            throw new AssertionError(OpsFiles.DASHBOARD + " is no JSON: " + e.getMessage(), e);
        }
    }

    @Test
    void isADashboardOfGrafana10Or11() {
        int schema = dashboard.path("schemaVersion").asInt(-1);
        assertTrue(schema >= OLDEST_SCHEMA && schema <= NEWEST_SCHEMA, "schemaVersion " + schema + ", allowed " + OLDEST_SCHEMA + "-" + NEWEST_SCHEMA);
        assertFalse(dashboard.path("uid").asText().isBlank(), "a uid, so that a second import replaces the first");
        assertFalse(dashboard.path("title").asText().isBlank(), "a title");
        assertTrue(dashboard.path("panels").size() > 0, "panels");
    }

    @Test
    void theDatasourceVariablePicksAPrometheus() {
        JsonNode datasource = variable("datasource");
        assertEquals("datasource", datasource.path("type").asText(), "type of variable datasource: " + datasource);
        assertEquals("prometheus", datasource.path("query").asText(), "the plugin variable datasource lists: " + datasource);
    }

    @Test
    void theInstanceVariableListsTheServersThatExportVigilsSeries() {
        JsonNode instance = variable("instance");
        String query = instance.path("query").isObject() ? instance.path("query").path("query").asText() : instance.path("query").asText();
        assertEquals("query", instance.path("type").asText(), "type of variable instance: " + instance);
        assertTrue(query.matches("label_values\\(wildfly_vigil_\\w+(\\{[^}]*\\})?, *instance\\)"), "variable instance's query: " + query);
        assertEquals(DATASOURCE, instance.path("datasource").path("uid").asText(), "variable instance's datasource: " + instance);
        assertEquals("prometheus", instance.path("datasource").path("type").asText(), "variable instance's datasource: " + instance);
    }

    @Test
    void everyPanelHasAUniqueIdAndAPlaceOnTheGrid() {
        List<String> wrong = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        List<int[]> places = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            String name = "panel " + panel.path("id") + " '" + panel.path("title").asText() + "'";
            if (!panel.path("id").isInt() || !ids.add(panel.path("id").asInt())) {
                wrong.add(name + ": id " + panel.path("id") + " is no integer or not unique");
            }
            JsonNode grid = panel.path("gridPos");
            int x = grid.path("x").asInt(-1), y = grid.path("y").asInt(-1), w = grid.path("w").asInt(-1), h = grid.path("h").asInt(-1);
            if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > 24) {
                wrong.add(name + ": gridPos " + grid + " (x, y >= 0; w, h >= 1; x + w <= 24)");
                continue;
            }
            for (int[] other : places) {
                if (x < other[0] + other[2] && other[0] < x + w && y < other[1] + other[3] && other[1] < y + h) {
                    wrong.add(name + ": gridPos " + grid + " overlaps the panel at x=" + other[0] + ", y=" + other[1]);
                }
            }
            places.add(new int[] { x, y, w, h });
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyPanelQueriesThePrometheusOfTheDatasourceVariable() {
        List<String> wrong = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            String name = "panel " + panel.path("id") + " '" + panel.path("title").asText() + "'";
            if (!boundToTheVariable(panel.path("datasource"))) {
                wrong.add(name + ": datasource " + panel.path("datasource") + ", wanted {type: prometheus, uid: " + DATASOURCE + "}");
            }
            if (panel.path("targets").size() == 0) {
                wrong.add(name + ": no targets");
            }
            Set<String> refIds = new HashSet<>();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                if (expr.isBlank()) {
                    wrong.add(name + ": target " + target.path("refId") + " has no expr");
                }
                if (!boundToTheVariable(target.path("datasource"))) {
                    wrong.add(name + ": target " + target.path("refId") + "'s datasource " + target.path("datasource"));
                }
                if (target.path("refId").asText().isBlank() || !refIds.add(target.path("refId").asText())) {
                    wrong.add(name + ": refId " + target.path("refId") + " missing or twice");
                }
                if (!expr.contains("instance=~\"$instance\"")) {
                    wrong.add(name + ": " + expr + " does not follow the instance variable (instance=~\"$instance\")");
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyVariableAQueryUsesExists() {
        Set<String> defined = new TreeSet<>(GLOBAL_VARIABLES);
        dashboard.path("templating").path("list").forEach(variable -> defined.add(variable.path("name").asText()));
        List<String> undefined = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher used = VARIABLE.matcher(target.path("expr").asText());
                while (used.find()) {
                    if (!defined.contains(used.group(1))) {
                        undefined.add("panel " + panel.path("id") + ": $" + used.group(1) + " in " + target.path("expr").asText());
                    }
                }
            }
        }
        assertEquals(List.of(), undefined, "variables defined: " + defined);
    }

    private static boolean boundToTheVariable(JsonNode datasource) {
        return "prometheus".equals(datasource.path("type").asText()) && DATASOURCE.equals(datasource.path("uid").asText());
    }

    private static JsonNode variable(String name) {
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (name.equals(variable.path("name").asText())) {
                return variable;
            }
        }
        throw new AssertionError("no variable " + name + " in templating.list of " + OpsFiles.DASHBOARD);
    }
}
