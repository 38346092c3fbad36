package dev.switchboard.config;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * Where a flag that is not on the command line gets its value: the {@code SWITCHBOARD_*} variable,
 * then the config file, then the flag's built-in default (picocli's, when this returns null).
 */
final class EnvAndFileDefaults implements CommandLine.IDefaultValueProvider {

    private final Map<String, String> env;
    private final Properties file;

    /** @throws IllegalArgumentException naming a setting in the file that no flag has */
    EnvAndFileDefaults(Map<String, String> env, Properties file, CommandLine cli) {
        this.env = env;
        this.file = file;
        Set<String> known = cli.getCommandSpec().options().stream().map(o -> name(o))
                .collect(Collectors.toSet());
        for (String key : file.stringPropertyNames()) {
            if (!known.contains(key) || key.equals("config")) {
                throw new IllegalArgumentException("config file: unknown setting '" + key + "'");
            }
        }
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec arg) {
        if (!(arg instanceof CommandLine.Model.OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        String name = name(option);
        String fromEnv = env.get("SWITCHBOARD_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        return fromEnv != null ? fromEnv : file.getProperty(name);
    }

    private static String name(CommandLine.Model.OptionSpec option) {
        return option.longestName().replaceFirst("^--", "");
    }
}
