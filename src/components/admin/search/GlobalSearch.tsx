'use client'

import { useRouter } from 'next/navigation'
import type React from 'react'
import { useEffect, useId, useMemo, useState } from 'react'

import { plural } from '../../../domain/display'
import { MAX_SEARCH_LENGTH, MIN_SEARCH_LENGTH, type SearchKind, type SearchResponse, type SearchResult } from '../../../services/search/contract'
import { apiFetch, useRoutes } from '../lifecycle/api'
import styles from './GlobalSearch.module.css'

/**
 * The one search box of the admin panel (admin.components.header: above every page, at every
 * width). A WAI-ARIA 1.2 combobox: the text field keeps focus, results are a listbox grouped by
 * kind, the arrow keys move through them, Enter opens one (the best when none is chosen),
 * Ctrl or Cmd opens it in a new tab, Escape closes the list and, pressed again, clears the text.
 * The count is announced in a polite live region.
 */

const DEBOUNCE_MS = 250

const GROUPS: Record<SearchKind, { label: string; one: string; many: string }> = {
  customer: { label: 'Customers', one: 'customer', many: 'customers' },
  service: { label: 'Services', one: 'service', many: 'services' },
  invoice: { label: 'Invoices', one: 'invoice', many: 'invoices' },
  payment: { label: 'Payments', one: 'payment', many: 'payments' },
}

/** `start`: the index of the group's first option among all the options, in the order they show. */
type Group = { kind: SearchKind; items: SearchResult[]; start: number }

type Search =
  | { state: 'idle' }
  | { state: 'loading'; previous: SearchResult[] | null }
  | { state: 'ready'; query: string; results: SearchResult[] }
  | { state: 'error'; message: string }

/** Groups in the order their best result came (the server sends best first), each keeping that order. */
function groupByKind(results: SearchResult[]): Group[] {
  const groups = new Map<SearchKind, SearchResult[]>()
  for (const result of results) {
    const items = groups.get(result.kind)
    if (items) items.push(result)
    else groups.set(result.kind, [result])
  }
  let start = 0
  return [...groups].map(([kind, items]) => {
    const group = { kind, items, start }
    start += items.length
    return group
  })
}

function announcementOf(search: Search, groups: Group[]): string {
  if (search.state === 'error') return `Search failed. ${search.message}`
  if (search.state !== 'ready') return ''
  if (search.results.length === 0) return `No matches for ${search.query}`
  const counts = groups.map((g) => plural(g.items.length, GROUPS[g.kind].one, GROUPS[g.kind].many)).join(', ')
  return `${plural(search.results.length, 'result')}: ${counts}. Use the arrow keys to choose one.`
}

export function GlobalSearch() {
  const routes = useRoutes()
  const router = useRouter()
  const id = useId()
  const [text, setText] = useState('')
  const [search, setSearch] = useState<Search>({ state: 'idle' })
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(-1)

  const query = text.trim().replace(/\s+/g, ' ')
  const searchable = query.length >= MIN_SEARCH_LENGTH

  useEffect(() => {
    setActive(-1)
    if (!searchable) {
      setSearch({ state: 'idle' })
      return
    }
    const controller = new AbortController()
    const timer = setTimeout(() => {
      setSearch((s) => ({ state: 'loading', previous: s.state === 'ready' ? s.results : s.state === 'loading' ? s.previous : null }))
      void apiFetch<SearchResponse>(`${routes.api}/admin/search?q=${encodeURIComponent(query)}`, { signal: controller.signal }).then((res) => {
        if (controller.signal.aborted) return
        setActive(-1)
        setSearch(res.ok ? { state: 'ready', query, results: res.body.results } : { state: 'error', message: res.message })
      })
    }, DEBOUNCE_MS)
    return () => {
      clearTimeout(timer)
      controller.abort()
    }
  }, [query, searchable, routes.api])

  const shown = search.state === 'ready' ? search.results : search.state === 'loading' ? (search.previous ?? []) : []
  const groups = useMemo(() => groupByKind(shown), [shown])
  const options = useMemo(() => groups.flatMap((g) => g.items), [groups])
  const optionId = (index: number) => `${id}-option-${index}`
  const popupOpen = open && searchable && search.state !== 'idle'
  const listboxOpen = popupOpen && options.length > 0

  useEffect(() => {
    if (active >= 0) document.getElementById(`${id}-option-${active}`)?.scrollIntoView({ block: 'nearest' })
  }, [active, id])

  const openResult = (result: SearchResult, newTab: boolean) => {
    setOpen(false)
    if (newTab) window.open(result.href, '_blank', 'noopener')
    else router.push(result.href)
  }

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    const count = options.length
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        if (count === 0) return
        event.preventDefault()
        const down = event.key === 'ArrowDown'
        if (!listboxOpen) {
          setOpen(true)
          if (!event.altKey) setActive(down ? 0 : count - 1)
          return
        }
        setActive((a) => (down ? (a + 1) % count : a <= 0 ? count - 1 : a - 1))
        return
      }
      case 'Enter': {
        if (!listboxOpen) return
        event.preventDefault()
        openResult(options[active >= 0 ? active : 0], event.metaKey || event.ctrlKey)
        return
      }
      case 'Escape': {
        if (popupOpen) {
          event.preventDefault()
          setOpen(false)
          setActive(-1)
        } else if (text) {
          event.preventDefault()
          setText('')
        }
        return
      }
      default:
    }
  }

  const announcement = announcementOf(search, groups)

  return (
    <div className={styles.bar} role="search">
      <div className={styles.root}>
        <label className={styles.label} htmlFor={`${id}-input`}>
          Search customers, services, invoices, payments
        </label>
        <input
          id={`${id}-input`}
          className={styles.input}
          type="text"
          role="combobox"
          inputMode="search"
          enterKeyHint="search"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          maxLength={MAX_SEARCH_LENGTH}
          placeholder="Name, account, 082…, INV-…"
          aria-autocomplete="list"
          aria-expanded={listboxOpen}
          aria-controls={`${id}-listbox`}
          aria-activedescendant={listboxOpen && active >= 0 ? optionId(active) : undefined}
          aria-describedby={`${id}-hint`}
          value={text}
          onChange={(e) => {
            setText(e.target.value)
            setOpen(true)
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => {
            setOpen(false)
            setActive(-1)
          }}
          onKeyDown={onKeyDown}
        />
        <span id={`${id}-hint`} className={styles.visuallyHidden}>
          Type at least {MIN_SEARCH_LENGTH} characters: a name, account or invoice number, email, mobile, connection id, payment reference or address.
        </span>
        {/* Pressing on the list must not take focus from the text field: the combobox keeps it. */}
        <div className={styles.popup} hidden={!popupOpen} onMouseDown={(e) => e.preventDefault()}>
          <div id={`${id}-listbox`} role="listbox" aria-label="Search results" aria-busy={search.state === 'loading'} hidden={!listboxOpen}>
            {groups.map((group) => (
              <div key={group.kind} role="group" aria-labelledby={`${id}-group-${group.kind}`} className={styles.group}>
                <div id={`${id}-group-${group.kind}`} role="presentation" className={styles.groupLabel}>
                  {GROUPS[group.kind].label}
                </div>
                {group.items.map((result, i) => {
                  const index = group.start + i
                  return (
                    <div
                      key={`${result.kind}-${result.id}`}
                      id={optionId(index)}
                      role="option"
                      aria-selected={index === active}
                      className={styles.option}
                      onMouseMove={() => index !== active && setActive(index)}
                      onClick={(e) => openResult(result, e.metaKey || e.ctrlKey)}
                    >
                      <span className={styles.title}>{result.title}</span>
                      {result.subtitle && <span className={styles.subtitle}>{result.subtitle}</span>}
                    </div>
                  )
                })}
              </div>
            ))}
          </div>
          {search.state === 'loading' && options.length === 0 && <p className={styles.message}>Searching…</p>}
          {search.state === 'ready' && options.length === 0 && <p className={styles.message}>No matches</p>}
          {search.state === 'error' && <p className={`${styles.message} ${styles.error}`}>Search failed. {search.message}</p>}
        </div>
        <div role="status" aria-live="polite" className={styles.visuallyHidden}>
          {popupOpen ? announcement : ''}
        </div>
      </div>
    </div>
  )
}
