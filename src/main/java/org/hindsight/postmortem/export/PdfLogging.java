package org.hindsight.postmortem.export;

import java.util.logging.Level;

import com.openhtmltopdf.util.Diagnostic;
import com.openhtmltopdf.util.XRLog;
import com.openhtmltopdf.util.XRLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * openhtmltopdf writes its messages through a console handler of its own, at INFO, a handful for every PDF
 * ("Using fast-mode renderer. Prepare to fly."), whatever the application's logging says. This sends them to
 * SLF4J under their own names ({@code com.openhtmltopdf.load}, {@code com.openhtmltopdf.css-parse}, …), so that
 * the {@code logging.level} settings apply: application.properties keeps its warnings and errors only.
 */
@Component
class PdfLogging {

    PdfLogging() {
        XRLog.setLoggerImpl(new Slf4jXRLogger());
    }

    static final class Slf4jXRLogger implements XRLogger {

        @Override
        public void log(String where, Level level, String message) {
            log(where, level, message, null);
        }

        @Override
        public void log(String where, Level level, String message, Throwable error) {
            Logger logger = LoggerFactory.getLogger(where);
            int value = level.intValue();
            if (value >= Level.SEVERE.intValue()) {
                logger.error("{}", message, error);
            } else if (value >= Level.WARNING.intValue()) {
                logger.warn("{}", message, error);
            } else if (value >= Level.INFO.intValue()) {
                logger.info("{}", message, error);
            } else if (value >= Level.FINE.intValue()) {
                logger.debug("{}", message, error);
            } else {
                logger.trace("{}", message, error);
            }
        }

        @Override
        public void setLevel(String where, Level level) {
            // levels come from the application's logging configuration
        }

        @Override
        public boolean isLogLevelEnabled(Diagnostic diagnostic) {
            Logger logger = LoggerFactory.getLogger(diagnostic.getLogMessageId().getWhere());
            int value = diagnostic.getLevel().intValue();
            if (value >= Level.SEVERE.intValue()) {
                return logger.isErrorEnabled();
            } else if (value >= Level.WARNING.intValue()) {
                return logger.isWarnEnabled();
            } else if (value >= Level.INFO.intValue()) {
                return logger.isInfoEnabled();
            } else if (value >= Level.FINE.intValue()) {
                return logger.isDebugEnabled();
            }
            return logger.isTraceEnabled();
        }
    }
}
