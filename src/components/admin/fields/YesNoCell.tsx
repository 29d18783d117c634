import type { DefaultCellComponentProps } from 'payload'

/** A boolean in a list: a Yes or No badge (text, not colour alone, carries the meaning). */
export function YesNoCell({ cellData }: DefaultCellComponentProps) {
  if (typeof cellData !== 'boolean') return null
  return (
    <span
      style={{
        display: 'inline-block',
        padding: '0.05rem 0.5rem',
        borderRadius: '999px',
        fontSize: '0.8125rem',
        fontWeight: 600,
        border: '1px solid currentColor',
        color: cellData ? '#0f5132' : '#41464b',
        background: cellData ? '#d1e7dd' : '#f1f3f5',
      }}
    >
      {cellData ? 'Yes' : 'No'}
    </span>
  )
}
