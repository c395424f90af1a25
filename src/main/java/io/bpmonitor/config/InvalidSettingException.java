package io.bpmonitor.config;

/** A setting bp-monitor cannot start with; the message names the setting and what it expects, never a secret. */
public class InvalidSettingException extends RuntimeException {

    public InvalidSettingException(Setting setting, String expected, String actual) {
        super("Invalid setting " + setting.label() + ": expected " + expected + ", got '"
                + (setting.type() == Setting.Type.SECRET && !actual.isEmpty() ? "(hidden)" : actual) + "'");
    }
}
