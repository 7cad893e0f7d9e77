package dev.stevedore.core.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Turns logback's unconfigured default (everything at DEBUG on the console) down to WARN for unit tests.
 *
 * <p>The core ships no {@code logback-test.xml} on purpose: its test-jar is on other modules' test classpaths, and a
 * config file there would replace theirs. A module that configures logback itself is left alone (only a root level
 * of DEBUG, logback's default, is changed).
 */
public final class QuietLogs {
    private QuietLogs() {}

    /** Sets the root logger to WARN if logback is the binding and nobody configured a level. Idempotent. */
    public static void install() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            if (root.getLevel() == Level.DEBUG) {
                root.setLevel(Level.WARN);
            }
        }
    }
}
