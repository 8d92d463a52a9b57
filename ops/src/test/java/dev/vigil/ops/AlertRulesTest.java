package dev.vigil.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * ops/prometheus/vigil-rules.yml as Prometheus reads it: promtool accepts the rules and its unit tests of them
 * (vigil-rules.test.yml) pass; every alert says how grave it is and what to do; every alert is tested both firing and
 * staying quiet.
 */
class AlertRulesTest {

    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");

    @Test
    void promtoolAcceptsTheRules() {
        Promtool.Run run = Promtool.find().run(OpsFiles.RULES.getParent(), "check", "rules", OpsFiles.existing(OpsFiles.RULES).getFileName().toString());

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.output().contains("SUCCESS: " + alerts().size() + " rules found"), run.toString());
    }

    @Test
    void promtoolsUnitTestsOfTheRulesPass() {
        Promtool.Run run = Promtool.find().run(OpsFiles.RULE_TESTS.getParent(), "test", "rules", OpsFiles.existing(OpsFiles.RULE_TESTS).getFileName().toString());

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.output().contains("SUCCESS"), run.toString());
    }

    @Test
    void everyAlertHasASeverityASummaryAndADescriptionThatSaysWhatToDo() {
        List<String> wrong = new ArrayList<>();
        alerts().forEach((name, rule) -> {
            Map<String, Object> labels = map(rule.get("labels"));
            Map<String, Object> annotations = map(rule.get("annotations"));
            if (!SEVERITIES.contains(String.valueOf(labels.get("severity")))) {
                wrong.add(name + ": severity " + labels.get("severity") + ", allowed " + new TreeSet<>(SEVERITIES));
            }
            if (String.valueOf(annotations.getOrDefault("summary", "")).isBlank()) {
                wrong.add(name + ": no summary");
            }
            String description = String.valueOf(annotations.getOrDefault("description", ""));
            // what to do: a jboss-cli command or a page of the docs
            if (!description.contains("/subsystem=vigil") && !description.contains("docs/")) {
                wrong.add(name + ": its description names neither a jboss-cli command nor a docs page: " + description);
            }
            if (!description.contains("{{ $labels.instance }}")) {
                wrong.add(name + ": its description does not name the server ({{ $labels.instance }})");
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyAlertIsTestedFiringAndQuiet() {
        Map<String, Set<String>> cases = new LinkedHashMap<>();
        for (Object test : list(yaml(OpsFiles.RULE_TESTS).get("tests"))) {
            for (Object alertTest : list(map(test).get("alert_rule_test"))) {
                Map<String, Object> evaluation = map(alertTest);
                boolean fires = !list(evaluation.get("exp_alerts")).isEmpty();
                cases.computeIfAbsent(String.valueOf(evaluation.get("alertname")), name -> new TreeSet<>()).add(fires ? "fires" : "quiet");
            }
        }
        List<String> untested = new ArrayList<>();
        for (String alert : alerts().keySet()) {
            Set<String> seen = cases.getOrDefault(alert, Set.of());
            if (!seen.equals(Set.of("fires", "quiet"))) {
                untested.add(alert + " is tested " + (seen.isEmpty() ? "not at all" : "only " + seen));
            }
        }
        assertEquals(List.of(), untested, "in " + OpsFiles.RULE_TESTS);
        Set<String> unknown = new TreeSet<>(cases.keySet());
        unknown.removeAll(alerts().keySet());
        assertEquals(Set.of(), unknown, "tests of alerts that vigil-rules.yml does not have");
    }

    /** The alerting rules of every group, by name; a name twice is an error. */
    private static Map<String, Map<String, Object>> alerts() {
        Map<String, Map<String, Object>> alerts = new LinkedHashMap<>();
        for (Object group : list(yaml(OpsFiles.RULES).get("groups"))) {
            for (Object rule : list(map(group).get("rules"))) {
                Map<String, Object> alerting = map(rule);
                Object name = alerting.get("alert");
                if (name != null && alerts.put(name.toString(), alerting) != null) {
                    throw new AssertionError("alert " + name + " twice in " + OpsFiles.RULES);
                }
            }
        }
        return alerts;
    }

    private static Map<String, Object> yaml(Path file) {
        try (Reader reader = Files.newBufferedReader(OpsFiles.existing(file))) {
            return map(new Yaml().load(reader));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file + ": " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return node == null ? Map.of() : (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node) {
        return node == null ? List.of() : (List<Object>) node;
    }
}
