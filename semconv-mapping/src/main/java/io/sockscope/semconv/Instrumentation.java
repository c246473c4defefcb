package io.sockscope.semconv;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.semconv.SchemaUrls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Who produced the telemetry: the instrumentation scope and schema every Sockscope span carries. */
public final class Instrumentation {
    /** Instrumentation scope name of every span Sockscope makes. */
    public static final String SCOPE_NAME = "io.sockscope";
    /** The {@code telemetry.distro.name} of every resource. */
    public static final String DISTRO_NAME = "sockscope";
    /** Sockscope's version, from the build. */
    public static final String VERSION = readVersion();
    /** The semantic conventions the attributes follow. */
    public static final String SCHEMA_URL = SchemaUrls.V1_45_0;
    public static final InstrumentationScope SCOPE = InstrumentationScope.newBuilder()
            .setName(SCOPE_NAME)
            .setVersion(VERSION)
            .build();

    private Instrumentation() {
    }

    private static String readVersion() {
        try (InputStream in = Instrumentation.class.getResourceAsStream("sockscope-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            // An unfiltered copy (an IDE run without Maven resources) still says ${project.version}.
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
