// The HTML every message and digest is sent in: a single centred card of table cells with
// inline styles, because that is what Gmail, Outlook and Apple Mail all render the same way.
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export function emailDocument(options: {
  title: string;
  lang?: string;
  /** the card's width in pixels: messages are read at a glance, digests need room for charts */
  width: number;
  content: HtmlEscapedString | Promise<HtmlEscapedString>;
  action: { text: string; href: string };
  footer: string;
}): string {
  const body = html`<!doctype html>
    <html${options.lang ? html` lang="${options.lang}"` : ''}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width" />
        <title>${options.title}</title>
      </head>
      <body
        style="margin:0;padding:24px;background:#f6f6f4;font-family:-apple-system,'Segoe UI',Roboto,'Noto Sans','PingFang SC','Microsoft YaHei',sans-serif;color:#1c1c1c"
      >
        <table
          role="presentation"
          width="100%"
          cellspacing="0"
          cellpadding="0"
          style="max-width:${options.width}px;margin:0 auto;background:#ffffff;border-radius:8px"
        >
          <tr>
            <td style="padding:24px 28px;font-size:15px;line-height:1.5">
              ${options.content}
              <p style="margin:22px 0 0">
                <a
                  href="${options.action.href}"
                  style="display:inline-block;background:#1f5f8b;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px"
                  >${options.action.text}</a
                >
              </p>
            </td>
          </tr>
          <tr>
            <td style="padding:14px 28px;font-size:12px;color:#666666;border-top:1px solid #eeeeee">
              ${options.footer}
            </td>
          </tr>
        </table>
      </body>
    </html>`;
  return String(body);
}
