package io.sockscope.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The lines a {@code file} exporter has finished writing: up to the last newline, blank lines left
 * out, so that a line still being written is never half-parsed. None while the file does not exist.
 */
public final class CompleteLines {
    private CompleteLines() {
    }

    public static List<String> of(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : text.substring(0, end).lines().filter(l -> !l.isBlank()).toList();
    }
}
