package io.sockscope.it.exchange;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The test programs kept in {@code src/test/resources/exchange/}: copied out to run them. */
final class Scripts {
    private Scripts() {
    }

    /** Copies the script {@code name} into {@code dir} and returns its path there. */
    static Path copy(String name, Path dir) throws IOException {
        try (InputStream in = Scripts.class.getResourceAsStream("/exchange/" + name)) {
            if (in == null) {
                throw new IOException("no test script /exchange/" + name + " on the class path");
            }
            Path to = dir.resolve(name);
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
            return to;
        }
    }
}
