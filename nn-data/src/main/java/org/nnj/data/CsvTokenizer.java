package org.nnj.data;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import org.nnj.api.DataException;

/**
 * Splits CSV text into records following the basics of RFC 4180: a field may be enclosed in double quotes,
 * and then may contain the delimiter, line breaks and doubled quotes ({@code ""} for one {@code "}). Lines end
 * with LF, CRLF or a lone CR. A quote inside an unquoted field is kept as an ordinary character. Internal.
 */
final class CsvTokenizer {
    /** Longest field accepted, so that a file without delimiters cannot build an unbounded string. */
    static final int MAX_FIELD_CHARS = 1 << 20;

    /** One record: its fields and the 1-based line it starts on. {@code blank} for an empty or all-space line. */
    record Record(List<String> fields, long line, boolean blank) {
    }

    private final Reader reader;
    private final String source;
    private final char delimiter;
    private final char[] buf = new char[1 << 15];
    private int pos;
    private int len;
    private long line = 1;
    private boolean eof;
    private boolean first = true;
    private final StringBuilder field = new StringBuilder();

    CsvTokenizer(Reader reader, String source, char delimiter) {
        this.reader = reader;
        this.source = source;
        this.delimiter = delimiter;
    }

    /** The current 1-based line, for messages about I/O failures. */
    long line() {
        return line;
    }

    /** The next record, or {@code null} at the end of the input. */
    Record next() throws IOException {
        int c = peek();
        if (c < 0) {
            return null;
        }
        long start = line;
        List<String> fields = new ArrayList<>();
        while (true) {
            c = peek();
            if (c == '"') {
                pos++;
                readQuoted(start);
            } else {
                readUnquoted();
            }
            fields.add(field.toString());
            field.setLength(0);
            c = read();
            if (c == delimiter) {
                continue;
            }
            if (c == '\r') {
                if (peek() == '\n') {
                    pos++;
                }
                line++;
            } else if (c == '\n') {
                line++;
            }
            break;
        }
        boolean blank = fields.size() == 1 && fields.get(0).isBlank();
        return new Record(fields, start, blank);
    }

    private void readUnquoted() throws IOException {
        while (true) {
            int c = peek();
            if (c < 0 || c == delimiter || c == '\n' || c == '\r') {
                return;
            }
            pos++;
            append((char) c);
        }
    }

    private void readQuoted(long recordLine) throws IOException {
        long quoteLine = line;
        while (true) {
            int c = read();
            if (c < 0) {
                throw new DataException(source, quoteLine, null, "unterminated quoted field: expected a closing \""
                        + " before the end of the file (record starts on line " + recordLine + ")");
            }
            if (c == '"') {
                if (peek() == '"') {
                    pos++;
                    append('"');
                    continue;
                }
                int next = peek();
                if (next >= 0 && next != delimiter && next != '\n' && next != '\r') {
                    throw new DataException(source, line, null, "unexpected character '" + (char) next
                            + "' after a closing quote; expected the delimiter '" + delimiter
                            + "' or the end of the line");
                }
                return;
            }
            if (c == '\n' || (c == '\r' && peek() != '\n')) {
                line++;
            }
            append((char) c);
        }
    }

    private void append(char c) {
        if (field.length() >= MAX_FIELD_CHARS) {
            throw new DataException(source, line, null, "field longer than " + MAX_FIELD_CHARS
                    + " characters; expected a number or a short label");
        }
        field.append(c);
    }

    private int peek() throws IOException {
        if (pos == len && !fill()) {
            return -1;
        }
        return buf[pos];
    }

    private int read() throws IOException {
        int c = peek();
        if (c >= 0) {
            pos++;
        }
        return c;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = reader.read(buf, 0, buf.length);
        if (n <= 0) {
            eof = true;
            return false;
        }
        pos = 0;
        len = n;
        if (first) {
            first = false;
            if (buf[0] == '\uFEFF') {
                pos = 1; // byte order mark
                return pos < len || fill();
            }
        }
        return true;
    }
}
