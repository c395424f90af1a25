package io.bpmonitor.signin;

import java.util.Locale;

/** What a signed-in person may do (docs/security.md#users): each role may do what the ones before it may. */
public enum UserRole {
    /** Reads the board, its alerts and its patients. */
    VIEWER,
    /** And reviews alerts and sets patients' targets. */
    CLINICIAN,
    /** And manages users. */
    ADMIN;

    public boolean mayAtLeast(UserRole needed) {
        return compareTo(needed) >= 0;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the roles there are */
    public static UserRole of(String code) {
        for (UserRole role : values()) {
            if (role.code().equals(code)) {
                return role;
            }
        }
        throw new IllegalArgumentException("no role '" + code + "': viewer, clinician or admin");
    }
}
