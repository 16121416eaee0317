/** Renders card Markdown (the safe subset in markdownBlocks.ts) as React elements. */
import { parseMarkdown, type Inline } from './markdownBlocks';

function Runs({ inlines }: { inlines: Inline[] }) {
  return (
    <>
      {inlines.map((r, i) => (r.bold ? <strong key={i}>{r.text}</strong> : r.italic ? <em key={i}>{r.text}</em> : <span key={i}>{r.text}</span>))}
    </>
  );
}

/** Markdown text shown as paragraphs and lists. */
export function Markdown({ source, className }: { source: string; className?: string }) {
  return (
    <div className={className}>
      {parseMarkdown(source).map((b, i) =>
        b.kind === 'paragraph' ? (
          <p key={i}>
            <Runs inlines={b.inlines} />
          </p>
        ) : b.kind === 'table' ? (
          <table key={i} className="md-table">
            <thead>
              <tr>
                {b.header.map((c, j) => (
                  <th key={j} scope="col">
                    <Runs inlines={c} />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {b.rows.map((row, j) => (
                <tr key={j}>
                  {row.map((c, k) => (
                    <td key={k}>
                      <Runs inlines={c} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <ul key={i}>
            {b.items.map((item, j) => (
              <li key={j}>
                <Runs inlines={item} />
              </li>
            ))}
          </ul>
        ),
      )}
    </div>
  );
}
