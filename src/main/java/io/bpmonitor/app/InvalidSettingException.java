package io.bpmonitor.app;

/** A setting bp-monitor cannot start with; the message names the setting and what it expects. */
public class InvalidSettingException extends RuntimeException {

    public InvalidSettingException(Setting setting, String expected, String actual) {
        super("Invalid setting " + setting.label() + ": expected " + expected + ", got '" + actual + "'");
    }
}
