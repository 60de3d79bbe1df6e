package org.releasegate.roadbook;

import java.util.Comparator;

/** Orders version numbers part by part, numerically where both parts are numbers: 1.9 &lt; 1.10 &lt; 2.0. */
final class VersionNumbers {

    static final Comparator<String> ORDER = VersionNumbers::compare;

    private VersionNumbers() {
    }

    private static int compare(String left, String right) {
        String[] a = left.split("[.-]");
        String[] b = right.split("[.-]");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i] : "0";
            String y = i < b.length ? b[i] : "0";
            int order = x.matches("\\d+") && y.matches("\\d+")
                    ? new java.math.BigInteger(x).compareTo(new java.math.BigInteger(y))
                    : x.compareTo(y);
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }
}
