package org.hindsight.system;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/** A response that writes to a string and leaves the real response's headers alone ({@link PageBodies}). */
final class StringResponse extends HttpServletResponseWrapper {

    private final PrintWriter writer;

    StringResponse(HttpServletResponse response, StringWriter out) {
        super(response);
        this.writer = new PrintWriter(out);
    }

    @Override
    public PrintWriter getWriter() {
        return writer;
    }

    @Override
    public jakarta.servlet.ServletOutputStream getOutputStream() {
        throw new IllegalStateException("a page body is written as characters");
    }

    @Override
    public void setContentType(String type) {
    }

    @Override
    public void setCharacterEncoding(String charset) {
    }

    @Override
    public void setLocale(Locale locale) {
    }

    @Override
    public void setHeader(String name, String value) {
    }

    @Override
    public void addHeader(String name, String value) {
    }

    @Override
    public void setStatus(int status) {
    }

    @Override
    public void flushBuffer() {
        writer.flush();
    }

    @Override
    public boolean isCommitted() {
        return false;
    }
}
