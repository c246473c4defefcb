package io.sockscope.receiver.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** User names by uid from a passwd file, re-read when it changes and a uid is not found. */
final class UserNames {
    private final Path passwd;
    private Map<Integer, String> names = Map.of();
    private FileTime readAt;

    UserNames(Path passwd) {
        this.passwd = passwd;
    }

    /** The name of {@code uid}, or the uid as a string when it has none (containers bring their own users). */
    synchronized String nameOf(int uid) {
        String name = names.get(uid);
        if (name == null && changed()) {
            names = read();
            name = names.get(uid);
        }
        return name != null ? name : Integer.toString(uid);
    }

    private boolean changed() {
        try {
            FileTime t = Files.getLastModifiedTime(passwd);
            if (t.equals(readAt)) {
                return false;
            }
            readAt = t;
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Map<Integer, String> read() {
        Map<Integer, String> m = new HashMap<>();
        try {
            List<String> lines = Files.readAllLines(passwd, StandardCharsets.UTF_8);
            for (String line : lines) {
                String[] f = line.split(":", -1);
                if (f.length > 2 && !f[0].isEmpty()) {
                    try {
                        m.putIfAbsent(Integer.parseInt(f[2]), f[0]);
                    } catch (NumberFormatException e) {
                        // not a user line
                    }
                }
            }
        } catch (IOException e) {
            return names;
        }
        return Map.copyOf(m);
    }
}
