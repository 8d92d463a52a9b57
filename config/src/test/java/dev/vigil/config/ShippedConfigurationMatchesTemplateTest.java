package dev.vigil.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * The shipped configuration is written four times: the subsystem template, the two CLI scripts and the Galleon
 * layer {@code vigil}. The scripts stay hand-written because people run them from the source tree, their
 * comments explain the choices, and {@code StockInstallIT} runs {@code install.cli} as it is. So this test holds them to
 * the template: every resource and attribute of the template is added by the script with the same value, and the script
 * adds nothing else, except the non-core MBean sensitivity that belongs to the jmx subsystem, not to vigil.
 */
class ShippedConfigurationMatchesTemplateTest {

    private static final String TEMPLATE_NAME = "subsystem-templates/vigil.xml";
    private static final String LAYER_SPEC = "src/main/resources/layers/standalone/vigil/layer-spec.xml";
    private static final String SUBSYSTEM = "/subsystem=vigil";
    /** Deliberately in the scripts only: it configures the jmx subsystem, which the vigil template cannot carry. */
    private static final String JMX_SENSITIVITY = "/subsystem=jmx:write-attribute(name=non-core-mbean-sensitivity,value=true)";
    /** {@code /address:operation(params)}; the {@code if ... of /x:read-resource} guards start with "if", not "/". */
    private static final Pattern OPERATION = Pattern.compile("(/[^:]*):([\\w-]+)(?:\\((.*)\\))?");

    /** One resource: a readable name for messages, and its attributes as written (template text or CLI value). */
    private record Resource(String label, Map<String, String> attributes) {
    }

    @ParameterizedTest
    @ValueSource(strings = { "install.cli", "install-offline.cli" })
    void scriptAddsExactlyWhatTheTemplateHas(String script) throws Exception {
        Map<String, Resource> template = readTemplate(Path.of(System.getProperty("vigil.template")));
        assertFalse(template.isEmpty(), "no resource read from " + TEMPLATE_NAME);
        String cliName = "config/" + script;
        List<String> problems = new ArrayList<>();
        Map<String, Resource> cli = readScript(Path.of(System.getProperty("vigil.config.dir"), script), cliName, template, problems);
        compare(template, cli, cliName, problems);
    }

    /**
     * The Galleon layer is the fourth copy: its features must add what the template has, value for value, and the jmx
     * sensitivity. The extension comes with the subsystem's feature (Galleon adds it), so the layer does not name it.
     */
    @Test
    void layerAddsExactlyWhatTheTemplateHas() throws Exception {
        Map<String, Resource> template = readTemplate(Path.of(System.getProperty("vigil.template")));
        String layerName = "galleon-pack/" + LAYER_SPEC;
        List<String> problems = new ArrayList<>();
        Map<String, Resource> layer = readLayer(Path.of(System.getProperty("vigil.galleon.dir"), LAYER_SPEC), layerName, problems);
        template.keySet().stream().filter(address -> address.startsWith("/extension="))
                .forEach(address -> layer.put(address, template.get(address)));
        compare(template, layer, layerName, problems);
    }

    private static void compare(Map<String, Resource> template, Map<String, Resource> other, String otherName, List<String> problems) {
        template.forEach((address, expected) -> {
            Resource actual = other.get(address);
            if (actual == null) {
                problems.add(TEMPLATE_NAME + " has " + expected.label() + " but " + otherName + " never adds " + address);
                return;
            }
            expected.attributes().forEach((name, value) -> {
                String otherValue = actual.attributes().get(name);
                if (otherValue == null) {
                    problems.add(TEMPLATE_NAME + " has " + expected.label() + " " + name + "=\"" + value + "\" but "
                            + otherName + " does not set " + name);
                } else if (!sameValue(name, value, otherValue)) {
                    problems.add(otherName + " sets " + expected.label() + " " + name + "=" + otherValue + " but "
                            + TEMPLATE_NAME + " has " + name + "=\"" + value + "\"");
                }
            });
            actual.attributes().keySet().stream()
                    .filter(name -> !expected.attributes().containsKey(name))
                    .forEach(name -> problems.add(otherName + " sets " + expected.label() + " " + name + "="
                            + actual.attributes().get(name) + " but " + TEMPLATE_NAME + " has no " + name));
        });
        other.keySet().stream()
                .filter(address -> !template.containsKey(address))
                .forEach(address -> problems.add(otherName + " adds " + address + " but " + TEMPLATE_NAME + " has no such resource"));

        if (!problems.isEmpty()) {
            fail(otherName + " and " + TEMPLATE_NAME + " disagree; the template is the reference, make them say the same:\n  "
                    + String.join("\n  ", problems));
        }
    }

    /**
     * The layer's features by CLI address: {@code subsystem.vigil} is {@code /subsystem=vigil}, a nested
     * {@code subsystem.vigil.watermark} with {@code watermark=N} is {@code watermark=N}, {@code subsystem.vigil.service.E}
     * is {@code service=E}. Its params are CLI values already ({@code [a,b]} lists). The jmx feature must set the
     * sensitivity and nothing else; any other feature is a problem.
     */
    private static Map<String, Resource> readLayer(Path file, String layerName, List<String> problems) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Element layer = factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        Map<String, Resource> resources = new LinkedHashMap<>();
        boolean sensitivity = false;
        for (Element feature : children(layer)) {
            if (!feature.getLocalName().equals("feature")) {
                continue;
            }
            String spec = feature.getAttribute("spec");
            Map<String, String> params = params(feature);
            if (spec.equals("subsystem.jmx")) {
                sensitivity = params.equals(Map.of("non-core-mbean-sensitivity", "true"));
                if (!sensitivity) {
                    problems.add(layerName + " sets " + params + " on subsystem.jmx; it must set non-core-mbean-sensitivity=true only");
                }
            } else if (spec.equals("subsystem.vigil")) {
                resources.put(SUBSYSTEM, new Resource("subsystem", params));
                for (Element child : children(feature)) {
                    if (!child.getLocalName().equals("feature")) {
                        continue;
                    }
                    String childSpec = child.getAttribute("spec");
                    Map<String, String> childParams = params(child);
                    if (childSpec.equals("subsystem.vigil.watermark")) {
                        String name = childParams.remove("watermark");
                        resources.put(SUBSYSTEM + "/watermark=" + name, new Resource("watermark " + name, childParams));
                    } else if (childSpec.startsWith("subsystem.vigil.service.")) {
                        String type = childSpec.substring("subsystem.vigil.service.".length());
                        resources.put(SUBSYSTEM + "/service=" + type, new Resource(type, childParams));
                    } else {
                        problems.add(layerName + " has feature " + childSpec + ", which is no resource of " + TEMPLATE_NAME);
                    }
                }
            } else {
                problems.add(layerName + " has feature " + spec + ", which is no resource of " + TEMPLATE_NAME);
            }
        }
        if (!sensitivity) {
            problems.add(layerName + " does not set subsystem.jmx non-core-mbean-sensitivity=true, which install.cli does");
        }
        return resources;
    }

    private static Map<String, String> params(Element feature) {
        Map<String, String> params = new LinkedHashMap<>();
        for (Element param : children(feature)) {
            if (param.getLocalName().equals("param")) {
                params.put(param.getAttribute("name"), param.getAttribute("value"));
            }
        }
        return params;
    }

    /**
     * Maps the template onto CLI addresses: {@code <extension-module>X} is {@code /extension=X}, {@code <subsystem>} is
     * {@code /subsystem=vigil}, {@code <watermark name="N">} is {@code watermark=N} and every other child element E is
     * {@code service=E} (heap-dumps, thread-census, instance-guard).
     */
    private static Map<String, Resource> readTemplate(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Element config = factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        Map<String, Resource> resources = new LinkedHashMap<>();
        for (Element element : children(config)) {
            if (element.getLocalName().equals("extension-module")) {
                String module = element.getTextContent().trim();
                resources.put("/extension=" + module, new Resource("extension " + module, Map.of()));
            } else if (element.getLocalName().equals("subsystem")) {
                resources.put(SUBSYSTEM, new Resource("subsystem", attributes(element, null)));
                for (Element child : children(element)) {
                    String type = child.getLocalName();
                    if (type.equals("watermark")) {
                        String name = child.getAttribute("name");
                        resources.put(SUBSYSTEM + "/watermark=" + name, new Resource("watermark " + name, attributes(child, "name")));
                    } else {
                        resources.put(SUBSYSTEM + "/service=" + type, new Resource(type, attributes(child, null)));
                    }
                }
            }
        }
        return resources;
    }

    /**
     * Every {@code :add} of the script, by address. Any other operation is a problem, bar the jmx sensitivity: it
     * would change the configuration behind the template's back.
     */
    private static Map<String, Resource> readScript(Path file, String cliName, Map<String, Resource> template,
            List<String> problems) throws Exception {
        Map<String, Resource> resources = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            line = line.strip();
            if (!line.startsWith("/") || line.equals(JMX_SENSITIVITY)) {
                continue;
            }
            Matcher operation = OPERATION.matcher(line);
            if (!operation.matches() || !operation.group(2).equals("add")) {
                problems.add(cliName + " runs " + line + ", which is not an :add of a resource of " + TEMPLATE_NAME);
                continue;
            }
            String address = operation.group(1);
            Map<String, String> attributes = new LinkedHashMap<>();
            for (String parameter : splitTopLevel(operation.group(3) == null ? "" : operation.group(3))) {
                int equals = parameter.indexOf('=');
                if (equals < 0) {
                    problems.add(cliName + " passes " + parameter + " without a value to " + address + ":add");
                } else {
                    attributes.put(parameter.substring(0, equals).strip(), parameter.substring(equals + 1).strip());
                }
            }
            Resource known = template.get(address);
            if (resources.put(address, new Resource(known == null ? address : known.label(), attributes)) != null) {
                problems.add(cliName + " adds " + address + " twice");
            }
        }
        return resources;
    }

    /**
     * A CLI list {@code [a,b]} against the XML text, which is space-separated except for {@code pools}: comma-separated
     * because pool names contain spaces (its parser is COMMA_DELIMITED_STRING_LIST). Anything else compares as text.
     */
    private static boolean sameValue(String name, String xml, String cli) {
        if (cli.startsWith("[") && cli.endsWith("]")) {
            List<String> cliItems = splitTopLevel(cli.substring(1, cli.length() - 1)).stream().map(ShippedConfigurationMatchesTemplateTest::unquote).toList();
            List<String> xmlItems = Arrays.stream(xml.strip().split(name.equals("pools") ? "\\s*,\\s*" : "\\s+")).toList();
            return cliItems.equals(xmlItems);
        }
        return unquote(cli).equals(xml);
    }

    /** Splits at the commas that are outside brackets and quotes: {@code a=[x,y],b="1,2"} gives two parameters. */
    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '[' || c == '{')) {
                depth++;
            } else if (!quoted && (c == ']' || c == '}')) {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                parts.add(text.substring(start, i).strip());
                start = i + 1;
            }
        }
        if (!text.isBlank()) {
            parts.add(text.substring(start).strip());
        }
        return parts;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }

    /** The element's attributes (DOM sorts them by name), without xmlns declarations and without the one that names it. */
    private static Map<String, String> attributes(Element element, String addressAttribute) {
        Map<String, String> attributes = new LinkedHashMap<>();
        NamedNodeMap all = element.getAttributes();
        for (int i = 0; i < all.getLength(); i++) {
            Attr attribute = (Attr) all.item(i);
            String name = attribute.getName();
            if (!name.equals("xmlns") && !name.startsWith("xmlns:") && !name.equals(addressAttribute)) {
                attributes.put(name, attribute.getValue());
            }
        }
        return attributes;
    }
}
