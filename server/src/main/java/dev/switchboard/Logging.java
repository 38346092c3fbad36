package dev.switchboard;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Logging set-up for the command line (an embedding program keeps its own): Tyrus and Grizzly log
 * through java.util.logging, which is bridged into SLF4J (Logback, configured by logback.xml).
 */
final class Logging {

    private Logging() {
    }

    /**
     * @param level ERROR, WARN, INFO or DEBUG for Switchboard's own loggers
     * @throws IllegalArgumentException for another level
     */
    static void configure(String level) {
        if (!level.matches("ERROR|WARN|INFO|DEBUG|TRACE")) {
            throw new IllegalArgumentException("log-level must be ERROR, WARN, INFO or DEBUG, got '" + level + "'");
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        if (LoggerFactory.getLogger("dev.switchboard") instanceof Logger logback) {
            logback.setLevel(Level.toLevel(level));
        }
    }
}
