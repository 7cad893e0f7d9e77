package dev.stevedore.core.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures what one logger writes, for asserting on log lines (e.g. "exactly one ERROR with the incident id").
 * While open, the logger's events go only to the capture, not to the console. Needs logback-classic as the SLF4J
 * binding on the test classpath.
 *
 * <pre>{@code
 * try (LogCapture log = LogCapture.of(DefaultCommandBus.class)) {
 *     ...
 *     assertThat(log.errors()).hasSize(1);
 * }
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final boolean additive;
    private final Level level;

    private LogCapture(Logger logger) {
        this.logger = logger;
        this.additive = logger.isAdditive();
        this.level = logger.getLevel();
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
        logger.setAdditive(false);
        logger.setLevel(Level.DEBUG);
    }

    /**
     * Starts capturing a class's logger.
     *
     * @param type the class whose logger to capture
     * @return the capture; close it to restore the logger
     */
    public static LogCapture of(Class<?> type) {
        return of(type.getName());
    }

    /**
     * Starts capturing a named logger.
     *
     * @param name the logger name
     * @return the capture
     */
    public static LogCapture of(String name) {
        return new LogCapture((Logger) LoggerFactory.getLogger(name));
    }

    /**
     * Everything logged so far.
     *
     * @return a snapshot
     */
    public List<ILoggingEvent> events() {
        synchronized (appender) { // AppenderBase.doAppend locks the appender
            return List.copyOf(appender.list);
        }
    }

    /**
     * The ERROR events so far.
     *
     * @return a snapshot
     */
    public List<ILoggingEvent> errors() {
        return events().stream().filter(e -> e.getLevel() == Level.ERROR).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setAdditive(additive);
        logger.setLevel(level);
        appender.stop();
    }
}
