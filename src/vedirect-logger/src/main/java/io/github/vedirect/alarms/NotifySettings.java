package io.github.vedirect.alarms;

import io.github.vedirect.settings.Setting;
import io.github.vedirect.settings.SettingsException;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import static io.github.vedirect.settings.Setting.*;

/**
 * The shipped alarm channels' settings ({@code notify.*}), read and checked before anything starts. Holds the ntfy
 * token and the SMTP password: its {@link #toString} leaves them out.
 *
 * @param url empty: no ntfy
 * @param smtpHost empty: no e-mail
 */
public record NotifySettings(String url, String token, String smtpHost, int smtpPort, String smtpUsername,
                             String smtpPassword, String smtpFrom, String smtpTo, boolean startTls) {

    public static NotifySettings read(Function<String, String> properties) {
        String url = NOTIFY_URL.in(properties);
        if (!url.isEmpty()) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new SettingsException(NOTIFY_URL.key(), url, "is not an address (https://ntfy.sh/TOPIC)");
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getPath() == null || uri.getPath().length() < 2) {
                throw new SettingsException(NOTIFY_URL.key(), url, "must be http:// or https:// with the topic (https://ntfy.sh/TOPIC)");
            }
            if (uri.getUserInfo() != null) {
                throw new SettingsException(NOTIFY_URL.key(), "(not shown: it holds a login)", "no login in it: use notify.token");
            }
        }
        String host = NOTIFY_SMTP_HOST.in(properties);
        String portText = NOTIFY_SMTP_PORT.orDefaultIn(properties);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new SettingsException(NOTIFY_SMTP_PORT.key(), portText, "must be a port number, 1 to 65535");
        }
        String from = NOTIFY_SMTP_FROM.in(properties);
        String to = NOTIFY_SMTP_TO.in(properties);
        if (!host.isEmpty()) {
            require(NOTIFY_SMTP_FROM, from);
            require(NOTIFY_SMTP_TO, to);
        }
        String startTls = NOTIFY_SMTP_STARTTLS.orDefaultIn(properties);
        if (!startTls.equals("true") && !startTls.equals("false")) {
            throw new SettingsException(NOTIFY_SMTP_STARTTLS.key(), startTls, "must be true or false");
        }
        return new NotifySettings(url, NOTIFY_TOKEN.in(properties), host, port, NOTIFY_SMTP_USERNAME.in(properties),
                NOTIFY_SMTP_PASSWORD.in(properties), from, to, Boolean.parseBoolean(startTls));
    }

    private static void require(Setting setting, String value) {
        if (value.isEmpty() || !value.contains("@")) {
            throw new SettingsException(setting.key(), value, "an e-mail address is needed with " + NOTIFY_SMTP_HOST.key());
        }
    }

    public boolean ntfy() {
        return !url.isEmpty();
    }

    public boolean email() {
        return !smtpHost.isEmpty();
    }

    /** The properties routes/ntfy.yaml and routes/email.yaml read: whether each is on, and the SMTP endpoint. */
    public Map<String, String> routeProperties() {
        Map<String, String> derived = new LinkedHashMap<>();
        derived.put("notify.ntfy.enabled", Boolean.toString(ntfy()));
        derived.put("notify.email.enabled", Boolean.toString(email()));
        StringBuilder uri = new StringBuilder("smtp://").append(smtpHost.isEmpty() ? "localhost" : smtpHost).append(':').append(smtpPort)
                .append("?from=RAW(").append(smtpFrom).append(")&to=RAW(").append(smtpTo).append(')')
                .append("&additionalJavaMailProperties=#smtpProperties&connectionTimeout=10000");
        if (!smtpUsername.isEmpty()) {
            uri.append("&username=RAW(").append(smtpUsername).append(")&password=RAW(").append(smtpPassword).append(')');
        }
        derived.put("notify.smtp.uri", uri.toString());
        return derived;
    }

    /** JavaMail's properties: STARTTLS always tried, and required unless notify.smtp.starttls=false. */
    public Properties smtpProperties() {
        Properties mail = new Properties();
        mail.setProperty("mail.smtp.starttls.enable", "true");
        mail.setProperty("mail.smtp.starttls.required", Boolean.toString(startTls));
        mail.setProperty("mail.smtp.timeout", "10000");
        mail.setProperty("mail.smtp.writetimeout", "10000");
        return mail;
    }

    @Override
    public String toString() {
        return "NotifySettings[url=" + url + ", token=" + (token.isEmpty() ? "" : "(set)") + ", smtpHost=" + smtpHost
                + ", smtpPort=" + smtpPort + ", smtpUsername=" + smtpUsername + ", smtpPassword="
                + (smtpPassword.isEmpty() ? "" : "(set)") + ", smtpFrom=" + smtpFrom + ", smtpTo=" + smtpTo + "]";
    }
}
