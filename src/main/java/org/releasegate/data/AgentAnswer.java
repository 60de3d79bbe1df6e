package org.releasegate.data;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.releasegate.RejectedInputException;
import org.releasegate.data.RemoteData.Operation;
import org.releasegate.message.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frame of an agent's answer to an order of the engine node, other than the data itself: a byte, {@code 'K'} then
 * the result or {@code 'X'} then the agent's French refusal; a JSON result is its length, then its bytes. Both ends are
 * here: the agent's sending, the engine node's reading, which refuses an answer cut or malformed.
 */
public final class AgentAnswer {

    static final int OK = 'K';
    private static final int FAILED = 'X';
    private static final Logger LOG = LoggerFactory.getLogger(AgentAnswer.class);

    private AgentAnswer() {
    }

    /** A JSON result, computed on the agent. */
    @FunctionalInterface
    public interface JsonResult {
        byte[] compute() throws IOException;
    }

    /**
     * On the agent: sends the result of {@code operation}, or the refusal when computing it fails.
     *
     * @return what was sent, for the log
     */
    public static String sendJson(String environment, Operation operation, JsonResult result, OutputStream destination)
            throws IOException {
        DataOutputStream out = new DataOutputStream(destination);
        byte[] json;
        try {
            json = result.compute();
        } catch (IOException | RuntimeException e) {
            return refuse(environment, operation, e, out);
        }
        out.writeByte(OK);
        out.writeInt(json.length);
        out.write(json);
        out.flush();
        return operation.wireName() + ", " + json.length + " bytes";
    }

    /** On the agent: the French refusal of an operation that failed before anything was sent. */
    static String refuse(String environment, Operation operation, Exception e, DataOutputStream out)
            throws IOException {
        LOG.warn("Release Gate asked for {} of environment {}, which failed", operation.wireName(), environment, e);
        // A refusal's own French words (a privilege missing, a file changed); anything else names server paths.
        String reason = e instanceof RejectedInputException ? e.getMessage()
                : Messages.text("data.agent.failed-see-log");
        out.writeByte(FAILED);
        // writeUTF holds at most 65535 bytes; a reason is a few lines.
        out.writeUTF(reason.length() > 4000 ? reason.substring(0, 4000) : reason);
        out.flush();
        return "refusal: " + reason;
    }

    /**
     * On the engine node: the JSON result of {@code agent}'s answer about {@code environment}, read to its end (the
     * transfer is then complete for both nodes).
     *
     * @param limit the most bytes a result may have: far beyond any real one, it bounds what is read
     */
    public static byte[] receiveJson(InputStream in, String agent, String environment, int limit) throws IOException {
        try {
            DataInputStream answer = accepted(in, agent, environment);
            int length = answer.readInt();
            if (length < 0 || length > limit) {
                throw malformed(agent, environment, "a result of " + length + " bytes");
            }
            byte[] json = new byte[length];
            answer.readFully(json);
            requireEnd(answer, agent, environment);
            return json;
        } catch (EOFException e) {
            throw cut(agent, environment, e);
        }
    }

    /** On the engine node: the answer past its status, when the agent sends a result; its refusal, thrown, if not. */
    static DataInputStream accepted(InputStream in, String agent, String environment) throws IOException {
        DataInputStream answer = new DataInputStream(in);
        int status = answer.read();
        if (status == FAILED) {
            throw new DataStoreUnavailableException(Messages.text("data.agent.answered", agent, environment,
                    answer.readUTF()), "refused by " + agent + " (its log says why)", null);
        }
        if (status != OK) {
            throw status < 0 ? cut(agent, environment, new EOFException("no answer"))
                    : malformed(agent, environment, "an answer starting with " + status);
        }
        return answer;
    }

    /** Read to its end: the transfer is then complete for both nodes. */
    static void requireEnd(InputStream answer, String agent, String environment) throws IOException {
        if (answer.read() >= 0) {
            throw malformed(agent, environment, "bytes after the answer's end");
        }
    }

    static TransferCorruptedException malformed(String agent, String environment, String what) {
        return new TransferCorruptedException(Messages.text("transfer.stream.malformed"), "the answer of " + agent
                + " for environment " + environment + " is malformed: " + what);
    }

    static IOException cut(String agent, String environment, EOFException e) {
        LOG.warn("The answer of {} for environment {} ended early: {}", agent, environment, e.getMessage());
        return new EOFException(Messages.text("transfer.stream.cut"));
    }
}
