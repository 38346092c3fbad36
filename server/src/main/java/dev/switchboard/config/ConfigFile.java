package dev.switchboard.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/** Finds and reads the optional settings file: {@code --config FILE} or {@code SWITCHBOARD_CONFIG}. */
final class ConfigFile {

    private ConfigFile() {
    }

    /**
     * The settings in the file the arguments or the environment name, or empty properties.
     *
     * @throws IllegalArgumentException when the file cannot be read
     */
    static Properties locate(String[] args, Map<String, String> env) {
        String path = env.get("SWITCHBOARD_CONFIG");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                path = args[i + 1];
            } else if (args[i].startsWith("--config=")) {
                path = args[i].substring("--config=".length());
            }
        }
        Properties properties = new Properties();
        if (path != null) {
            try (Reader in = Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8)) {
                properties.load(in);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("config file " + path + " cannot be read: " + e.getMessage());
            }
        }
        return properties;
    }
}
