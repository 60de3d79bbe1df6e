package org.releasegate.report;

/** Builds well-formed XHTML (the PDF renderer parses it as XML) with every text escaped. */
final class Xhtml {

    private final StringBuilder out = new StringBuilder();

    Xhtml raw(String markup) {
        out.append(markup);
        return this;
    }

    Xhtml text(String text) {
        out.append(escape(text));
        return this;
    }

    /** An element holding escaped text; {@code attributes} are name, value pairs. */
    Xhtml element(String tag, String text, String... attributes) {
        open(tag, attributes);
        text(text);
        return close(tag);
    }

    Xhtml open(String tag, String... attributes) {
        out.append('<').append(tag);
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            if (attributes[i + 1] != null) {
                out.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
            }
        }
        out.append('>');
        return this;
    }

    Xhtml close(String tag) {
        out.append("</").append(tag).append(">\n");
        return this;
    }

    /** A table cell of text with a style class; a null text shows as a dash. */
    Xhtml td(String text, String styleClass) {
        return element("td", text == null ? "—" : text, "class", styleClass);
    }

    Xhtml headerRow(String... cells) {
        open("thead").open("tr");
        for (String cell : cells) {
            element("th", cell);
        }
        close("tr");
        return close("thead");
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** Escapes markup characters and drops the control characters XML 1.0 does not allow. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        escaped.append(c);
                    } else {
                        escaped.append('\uFFFD');
                    }
                }
            }
        }
        return escaped.toString();
    }
}
