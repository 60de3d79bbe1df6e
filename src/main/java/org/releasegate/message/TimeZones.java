package org.releasegate.message;

import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A time zone as a French reader names it, never its technical identifier (« Etc/UTC », « Europe/Paris »): « UTC »
 * for universal time whatever its spelling, « UTC+02:00 » for a fixed offset, « heure de Paris » for a region's zone.
 */
public final class TimeZones {

    private TimeZones() {
    }

    /** « UTC », « UTC+02:00 », « heure de Paris », « heure d'Amsterdam ». */
    public static String name(ZoneId zone) {
        ZoneId normalized = zone.normalized();
        if (normalized instanceof ZoneOffset offset) {
            return offset.getTotalSeconds() == 0 ? Messages.text("time.zone.utc")
                    : Messages.text("time.zone.offset", offset.getId());
        }
        String id = zone.getId();
        String city = id.substring(id.lastIndexOf('/') + 1).replace('_', ' ');
        return Messages.text(startsWithVowel(city) ? "time.zone.city-elided" : "time.zone.city", city);
    }

    /** What the hours of a page are in: « heures UTC », « heures UTC+02:00 », « heure de Paris ». */
    public static String hours(ZoneId zone) {
        return zone.normalized() instanceof ZoneOffset ? Messages.text("time.zone.hours-of-offset", name(zone))
                : name(zone);
    }

    private static boolean startsWithVowel(String word) {
        return !word.isEmpty() && "aeiouàâéèêîôû".indexOf(Character.toLowerCase(word.charAt(0))) >= 0;
    }
}
