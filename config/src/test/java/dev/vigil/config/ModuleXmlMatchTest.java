package dev.vigil.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The module dev.vigil is written twice: for the zip ({@code module/src/main/module/module.xml}, jars by file name) and
 * for the Galleon feature pack (jars as Maven artifacts). Both must load the same jars, in the same order, with the
 * same dependencies: a module that works when unzipped and not when provisioned (or the other way) is the worst kind.
 */
class ModuleXmlMatchTest {

    private static final String ZIP = "module/src/main/module/module.xml";
    private static final String FEATURE_PACK = "galleon-pack/src/main/resources/modules/system/add-ons/vigil/dev/vigil/main/module.xml";

    @Test
    void bothModulesLoadTheSameJarsWithTheSameDependencies() throws Exception {
        Path project = Path.of(System.getProperty("vigil.config.dir")).getParent();
        Element zip = read(project.resolve(ZIP));
        Element featurePack = read(project.resolve(FEATURE_PACK));

        assertEquals(zip.getAttribute("name"), featurePack.getAttribute("name"), "module name");
        List<String> zipJars = values(zip, "resource-root", "path").stream().map(path -> path.replaceFirst("\\.jar$", "")).toList();
        List<String> featurePackJars = values(featurePack, "artifact", "name").stream()
                .map(name -> name.replaceFirst("^\\$\\{dev\\.vigil:(.*)\\}$", "$1")).toList();
        assertFalse(zipJars.isEmpty(), ZIP + " has no resource-root");
        assertEquals(zipJars, featurePackJars, "the jars of " + ZIP + " (by file name) and of " + FEATURE_PACK + " (by artifact)");
        assertEquals(values(zip, "module", "name"), values(featurePack, "module", "name"),
                "the dependencies of " + ZIP + " and " + FEATURE_PACK + ": keep them the same");
    }

    private static Element read(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
    }

    private static List<String> values(Element root, String element, String attribute) {
        List<String> values = new ArrayList<>();
        NodeList nodes = root.getElementsByTagNameNS("*", element);
        for (int i = 0; i < nodes.getLength(); i++) {
            values.add(((Element) nodes.item(i)).getAttribute(attribute));
        }
        return values;
    }
}
