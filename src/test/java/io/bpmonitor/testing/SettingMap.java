package io.bpmonitor.testing;

import java.util.Map;

import io.bpmonitor.config.Setting;

/**
 * Settings by property name, the form the app, {@link RunningApp}, {@link AppProcess} and route tests take, written
 * with the {@link Setting} constants: {@code SettingMap.of(BP_ROUTES, "detector")} is
 * {@code Map.of("bp.routes", "detector")}. Like {@link Map#of} the map is immutable and refuses a setting given twice.
 */
public final class SettingMap {

    private SettingMap() {
    }

    public static Map<String, String> of(Setting k1, String v1) {
        return Map.of(k1.property(), v1);
    }

    public static Map<String, String> of(Setting k1, String v1, Setting k2, String v2) {
        return Map.of(k1.property(), v1, k2.property(), v2);
    }

    public static Map<String, String> of(Setting k1, String v1, Setting k2, String v2, Setting k3, String v3) {
        return Map.of(k1.property(), v1, k2.property(), v2, k3.property(), v3);
    }

    public static Map<String, String> of(Setting k1, String v1, Setting k2, String v2, Setting k3, String v3,
            Setting k4, String v4) {
        return Map.of(k1.property(), v1, k2.property(), v2, k3.property(), v3, k4.property(), v4);
    }

    public static Map<String, String> of(Setting k1, String v1, Setting k2, String v2, Setting k3, String v3,
            Setting k4, String v4, Setting k5, String v5) {
        return Map.of(k1.property(), v1, k2.property(), v2, k3.property(), v3, k4.property(), v4, k5.property(), v5);
    }

    public static Map<String, String> of(Setting k1, String v1, Setting k2, String v2, Setting k3, String v3,
            Setting k4, String v4, Setting k5, String v5, Setting k6, String v6) {
        return Map.of(k1.property(), v1, k2.property(), v2, k3.property(), v3, k4.property(), v4, k5.property(), v5,
                k6.property(), v6);
    }

    public static Map<String, String> of(Setting k1, String v1, Setting k2, String v2, Setting k3, String v3,
            Setting k4, String v4, Setting k5, String v5, Setting k6, String v6, Setting k7, String v7) {
        return Map.of(k1.property(), v1, k2.property(), v2, k3.property(), v3, k4.property(), v4, k5.property(), v5,
                k6.property(), v6, k7.property(), v7);
    }
}
