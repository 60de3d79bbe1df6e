package org.releasegate.roadbook;

import java.util.Comparator;
import java.util.regex.Pattern;

/** Orders version numbers part by part, numerically where both parts are numbers: 1.9 &lt; 1.10 &lt; 2.0. */
final class VersionNumbers {

    static final Comparator<String> ORDER = VersionNumbers::compare;

    // compiled once: the road book readers compare versions for every change they read
    private static final Pattern SEPARATOR = Pattern.compile("[.-]");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private VersionNumbers() {
    }

    private static int compare(String left, String right) {
        String[] a = SEPARATOR.split(left);
        String[] b = SEPARATOR.split(right);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i] : "0";
            String y = i < b.length ? b[i] : "0";
            int order = NUMBER.matcher(x).matches() && NUMBER.matcher(y).matches() ? compareNumbers(x, y) : x.compareTo(y);
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    /** Compares digit strings of any length as numbers, without parsing them. */
    private static int compareNumbers(String x, String y) {
        String a = withoutLeadingZeros(x);
        String b = withoutLeadingZeros(y);
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }

    private static String withoutLeadingZeros(String digits) {
        int start = 0;
        while (start < digits.length() - 1 && digits.charAt(start) == '0') {
            start++;
        }
        return digits.substring(start);
    }
}
