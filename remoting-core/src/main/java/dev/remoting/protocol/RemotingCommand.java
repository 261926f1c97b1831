package dev.remoting.protocol;

import dev.remoting.exception.RemotingCommandException;
import java.util.HashMap;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One request or response: a header (code, language, version, opaque, flag, remark, extFields) and an optional body.
 * Requests and responses differ only by flag bit 0; the {@code opaque} pairs a response with its request.
 *
 * <p>Instances are mutable and not thread-safe: build one, send it, and do not touch it again.
 */
public final class RemotingCommand {

    /**
     * RocketMQ 5.3.1's {@code MQVersion.CURRENT_VERSION}, which its clients, brokers and name servers send: the
     * version of the protocol this library speaks, and what a request says unless {@code rocketmq.remoting.version}
     * is set.
     */
    public static final int ROCKETMQ_5_3_1_VERSION = 475;
    /**
     * RocketMQ's {@code V5_1_4}: a server shutting down answers GO_AWAY only to requests of a higher version, the
     * clients that understand it (docs/protocol.md §7.7).
     */
    public static final int GO_AWAY_MIN_VERSION = 441;
    /**
     * Version of a new response, and of a decoded command that says none: 0, as in RocketMQ, unless the JVM property
     * {@code rocketmq.remoting.version} is set.
     */
    private static final int DEFAULT_VERSION = Integer.getInteger("rocketmq.remoting.version", 0);
    /**
     * Version of a new request: the property when set, else 475, so that a server shutting down gracefully tells
     * this library's clients to go away rather than treat them as clients too old to understand GO_AWAY.
     */
    private static final int DEFAULT_REQUEST_VERSION = Integer.getInteger("rocketmq.remoting.version",
            ROCKETMQ_5_3_1_VERSION);
    private static final AtomicInteger NEXT_OPAQUE = new AtomicInteger();
    private static final int RESPONSE_FLAG = 1;
    private static final int ONEWAY_FLAG = 1 << 1;

    private int code;
    private @Nullable LanguageCode language = LanguageCode.JAVA;
    private int version = DEFAULT_VERSION;
    private int opaque;
    private int flag;
    private @Nullable String remark;
    private @Nullable HashMap<String, @Nullable String> extFields;
    private @Nullable CommandCustomHeader customHeader;
    private byte @Nullable [] body;
    private @Nullable SerializeType serializeTypeCurrentRPC;
    /** Local only, never encoded: whether the client may re-send this request after a GO_AWAY. */
    private transient boolean retryable;

    RemotingCommand() {
        this.opaque = NEXT_OPAQUE.getAndIncrement();
    }

    /** A command about to be filled in by a decoder: it gets its opaque from the wire, not the shared counter. */
    private RemotingCommand(boolean decoded) {
    }

    /** Returns an empty command for a decoder to fill; the decoder must set (or renew) the opaque. */
    static RemotingCommand forDecoding() {
        return new RemotingCommand(true);
    }

    /**
     * Creates a request; the header's fields become {@code extFields} when the command is sent. Its version is 475
     * (RocketMQ 5.3.1's) unless the JVM property {@code rocketmq.remoting.version} says otherwise.
     */
    public static RemotingCommand createRequestCommand(int code, @Nullable CommandCustomHeader customHeader) {
        RemotingCommand cmd = new RemotingCommand();
        cmd.code = code;
        cmd.version = DEFAULT_REQUEST_VERSION;
        cmd.customHeader = customHeader;
        return cmd;
    }

    public static RemotingCommand createResponseCommand(int code, @Nullable String remark) {
        RemotingCommand cmd = new RemotingCommand();
        cmd.markResponseType();
        cmd.code = code;
        cmd.remark = remark;
        return cmd;
    }

    /**
     * Creates a response carrying a new instance of the given header class. Its code starts as SYSTEM_ERROR so that
     * a processor that forgets to set one does not report success.
     */
    public static RemotingCommand createResponseCommand(Class<? extends CommandCustomHeader> headerClass) {
        RemotingCommand cmd = createResponseCommand(RemotingSysResponseCode.SYSTEM_ERROR, "not set any response code");
        try {
            cmd.customHeader = CustomHeaderCodec.newInstance(headerClass);
        } catch (RemotingCommandException e) {
            throw new IllegalArgumentException("cannot create response header " + headerClass.getName() + ": "
                    + e.getMessage(), e);
        }
        return cmd;
    }

    /** Creates a response with the given code and remark carrying a new instance of the given header class. */
    public static RemotingCommand createResponseCommand(int code, @Nullable String remark,
            Class<? extends CommandCustomHeader> headerClass) {
        RemotingCommand cmd = createResponseCommand(headerClass);
        cmd.code = code;
        cmd.remark = remark;
        return cmd;
    }

    /** Builds a response to this request: the same opaque and serialize type, the response flag set. */
    public RemotingCommand toResponse(int code, @Nullable String remark) {
        RemotingCommand response = createResponseCommand(code, remark);
        response.opaque = opaque;
        response.serializeTypeCurrentRPC = serializeTypeCurrentRPC;
        return response;
    }

    /**
     * Decodes {@code extFields} into a new instance of the given header class and calls its {@code checkFields()}.
     *
     * @throws RemotingCommandException naming the field when a required field is missing or a value does not parse
     */
    public <T extends CommandCustomHeader> T decodeCommandCustomHeader(Class<T> headerClass)
            throws RemotingCommandException {
        Objects.requireNonNull(headerClass, "headerClass");
        return CustomHeaderCodec.decode(extFields, headerClass);
    }

    /**
     * Copies the custom header's non-null fields into {@code extFields}, overwriting entries of the same name. It runs
     * before a command is encoded; call it yourself only to see the final fields early (a signing hook does).
     */
    public void makeCustomHeaderToNet() {
        if (customHeader != null) {
            if (extFields == null) {
                extFields = new HashMap<>();
            }
            CustomHeaderCodec.encode(customHeader, extFields);
        }
    }

    public @Nullable CommandCustomHeader readCustomHeader() {
        return customHeader;
    }

    public void writeCustomHeader(@Nullable CommandCustomHeader customHeader) {
        this.customHeader = customHeader;
    }

    /** Puts one field; a {@code null} value is kept in the map but, like a missing field, never sent. */
    public void addExtField(String key, @Nullable String value) {
        Objects.requireNonNull(key, "key");
        if (extFields == null) {
            extFields = new HashMap<>();
        }
        extFields.put(key, value);
    }

    public boolean isResponseType() {
        return (flag & RESPONSE_FLAG) != 0;
    }

    public void markResponseType() {
        flag |= RESPONSE_FLAG;
    }

    public boolean isOnewayRPC() {
        return (flag & ONEWAY_FLAG) != 0;
    }

    public void markOnewayRPC() {
        flag |= ONEWAY_FLAG;
    }

    /**
     * Lets the client re-send this request once, on a new connection, when the server answers GO_AWAY (it is
     * shutting down). Mark only requests that are safe to run twice. This mark stays local: it is not sent.
     */
    public RemotingCommand markRetryable() {
        retryable = true;
        return this;
    }

    /** Whether {@link #markRetryable()} was called. */
    public boolean isRetryable() {
        return retryable;
    }

    public int getCode() {
        return code;
    }

    public void setCode(int code) {
        this.code = code;
    }

    /** Returns the peer's language, or {@code null} when the peer sent one this library does not know. */
    public @Nullable LanguageCode getLanguage() {
        return language;
    }

    public void setLanguage(@Nullable LanguageCode language) {
        this.language = language;
    }

    public int getVersion() {
        return version;
    }

    public void setVersion(int version) {
        this.version = version;
    }

    public int getOpaque() {
        return opaque;
    }

    public void setOpaque(int opaque) {
        this.opaque = opaque;
    }

    /** Gives the command a fresh request id, for sending a copy while the original is still pending. */
    public void renewOpaque() {
        this.opaque = NEXT_OPAQUE.getAndIncrement();
    }

    public int getFlag() {
        return flag;
    }

    public void setFlag(int flag) {
        this.flag = flag;
    }

    public @Nullable String getRemark() {
        return remark;
    }

    public void setRemark(@Nullable String remark) {
        this.remark = remark;
    }

    /** Returns the header fields, or {@code null} when the command has none. */
    public @Nullable HashMap<String, @Nullable String> getExtFields() {
        return extFields;
    }

    public void setExtFields(@Nullable HashMap<String, @Nullable String> extFields) {
        this.extFields = extFields;
    }

    public byte @Nullable [] getBody() {
        return body;
    }

    public void setBody(byte @Nullable [] body) {
        this.body = body;
    }

    /**
     * Returns the header serialization this command arrived with or was set to, or {@code null} when it will use
     * the sending side's configured default.
     */
    public @Nullable SerializeType getSerializeTypeCurrentRPC() {
        return serializeTypeCurrentRPC;
    }

    public void setSerializeTypeCurrentRPC(@Nullable SerializeType serializeTypeCurrentRPC) {
        this.serializeTypeCurrentRPC = serializeTypeCurrentRPC;
    }

    @Override
    public String toString() {
        return "RemotingCommand [code=" + code + ", language=" + language + ", version=" + version + ", opaque="
                + opaque + ", flag(B)=" + Integer.toBinaryString(flag) + ", remark=" + remark + ", extFields="
                + extFields + ", serializeTypeCurrentRPC=" + serializeTypeCurrentRPC + ", bodyLength="
                + (body == null ? 0 : body.length) + "]";
    }
}
