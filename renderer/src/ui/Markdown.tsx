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
