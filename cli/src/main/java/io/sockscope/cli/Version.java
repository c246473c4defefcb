package io.sockscope.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code --version}: the build's version, the JVM and the kernel. */
final class Version implements CommandLine.IVersionProvider {
    static String version() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"sockscope " + version(),
                "java " + System.getProperty("java.version") + ", linux " + System.getProperty("os.version")};
    }
}
