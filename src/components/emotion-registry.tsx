"use client";

import createCache from "@emotion/cache";
import { CacheProvider } from "@emotion/react";
import { useServerInsertedHTML } from "next/navigation";
import { useState, type ReactNode } from "react";

/**
 * Emotion's styles for a streamed server render (Chakra styles through Emotion). Without a registry
 * Emotion writes its `<style>` tags inline next to the components, where the client, rendering the
 * same tree without them, finds a `<style>` in place of its first element: React error #418 on every
 * dashboard page, and the whole page rendered again in the browser. Here the styles each streamed
 * chunk inserted are collected and handed to Next through `useServerInsertedHTML`, which puts them
 * ahead of that chunk's HTML, outside the tree React hydrates.
 */
export function EmotionRegistry({ children }: { children: ReactNode }) {
  const [registry] = useState(() => {
    const cache = createCache({ key: "css" });
    cache.compat = true;
    const insert = cache.insert.bind(cache);
    let inserted: { name: string; global: boolean }[] = [];
    cache.insert = (selector, serialized, sheet, shouldCache) => {
      if (cache.inserted[serialized.name] === undefined) inserted.push({ name: serialized.name, global: !selector });
      return insert(selector, serialized, sheet, shouldCache);
    };
    const flush = () => {
      const names = inserted;
      inserted = [];
      return names;
    };
    return { cache, flush };
  });

  useServerInsertedHTML(() => {
    const names = registry.flush();
    if (names.length === 0) return null;
    const globals: ReactNode[] = [];
    let styles = "";
    let attribute = registry.cache.key;
    for (const { name, global } of names) {
      const css = registry.cache.inserted[name];
      if (typeof css !== "string") continue;
      if (global)
        globals.push(
          <style
            key={name}
            data-emotion={`${registry.cache.key}-global ${name}`}
            dangerouslySetInnerHTML={{ __html: css }}
          />,
        );
      else {
        styles += css;
        attribute += ` ${name}`;
      }
    }
    return (
      <>
        {globals}
        {styles ? <style data-emotion={attribute} dangerouslySetInnerHTML={{ __html: styles }} /> : null}
      </>
    );
  });

  return <CacheProvider value={registry.cache}>{children}</CacheProvider>;
}
