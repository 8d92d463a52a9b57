package dev.vigil.subsystem;

import java.util.EnumSet;

import org.jboss.as.subsystem.test.AbstractSubsystemSchemaTest;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/** For every schema version: the full configuration parses, validates against its XSD and round-trips unchanged. */
@RunWith(Parameterized.class)
public class VigilSubsystemTestCase extends AbstractSubsystemSchemaTest<VigilSubsystemSchema> {

    @Parameterized.Parameters
    public static Iterable<VigilSubsystemSchema> parameters() {
        return EnumSet.allOf(VigilSubsystemSchema.class);
    }

    public VigilSubsystemTestCase(VigilSubsystemSchema schema) {
        super(VigilSubsystemRegistrar.REGISTRATION.getName(), new VigilExtension(), schema, VigilSubsystemSchema.CURRENT);
    }

    @Override
    protected String getSubsystemXmlPathPattern() {
        return "%s-%d.%d.xml";
    }

    @Override
    protected String getSubsystemXsdPathPattern() {
        return "schema/%s_%d_%d.xsd";
    }

    @Override
    protected String[] getSubsystemTemplatePaths() {
        return new String[] { "/subsystem-templates/vigil.xml" };
    }
}
