package org.nnj.api;

import org.apiguardian.api.API;

/**
 * Input data is malformed. The message names the source (usually a file), and where known the line
 * (1-based) and the column (1-based, or its header name).
 */
@API(status = API.Status.STABLE)
public class DataException extends NnException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final long line;
    private final String column;

    public DataException(String source, long line, String column, String problem) {
        this(source, line, column, problem, null);
    }

    public DataException(String source, long line, String column, String problem, Throwable cause) {
        super(format(source, line, column, problem), cause);
        this.source = source;
        this.line = line;
        this.column = column;
    }

    public DataException(String source, String problem) {
        this(source, -1, null, problem, null);
    }

    private static String format(String source, long line, String column, String problem) {
        StringBuilder sb = new StringBuilder(source == null ? "<input>" : source);
        if (line > 0) {
            sb.append(", line ").append(line);
        }
        if (column != null) {
            sb.append(", column ").append(column);
        }
        return sb.append(": ").append(problem).toString();
    }

    public String source() {
        return source;
    }

    /** 1-based line, or -1 when the problem is not tied to a line. */
    public long line() {
        return line;
    }

    /** The column (1-based index or header name), or {@code null}. */
    public String column() {
        return column;
    }
}
