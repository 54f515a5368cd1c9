package dev.steward.internal.store.file;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds a {@link TreeMap} from keys that are already in order (a snapshot is written in key
 * order) in linear time: {@code new TreeMap<>(sortedMap)} builds the tree directly, where putting
 * 100,000 keys one by one costs millions of comparisons. Keys out of order or repeated are put one
 * by one, the last value winning, as before.
 */
final class SortedArrays {
  private SortedArrays() {}

  static <K extends Comparable<K>, V> TreeMap<K, V> treeMap(K[] keys, V[] values) {
    for (int i = 1; i < keys.length; i++) {
      if (keys[i - 1].compareTo(keys[i]) >= 0) {
        TreeMap<K, V> map = new TreeMap<>();
        for (int j = 0; j < keys.length; j++) {
          map.put(keys[j], values[j]);
        }
        return map;
      }
    }
    return new TreeMap<>(new View<>(keys, values));
  }

  /** The arrays seen as a sorted map, only as far as the {@code TreeMap} copy constructor reads one. */
  private static final class View<K, V> extends AbstractMap<K, V> implements SortedMap<K, V> {
    private final K[] keys;
    private final V[] values;

    View(K[] keys, V[] values) {
      this.keys = keys;
      this.values = values;
    }

    @Override
    public Comparator<? super K> comparator() {
      return null; // natural order, the same as the TreeMap built from it
    }

    @Override
    public int size() {
      return keys.length;
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<K, V>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < keys.length;
            }

            @Override
            public Map.Entry<K, V> next() {
              if (next >= keys.length) {
                throw new NoSuchElementException();
              }
              Map.Entry<K, V> entry = new SimpleImmutableEntry<>(keys[next], values[next]);
              next++;
              return entry;
            }
          };
        }

        @Override
        public int size() {
          return keys.length;
        }
      };
    }

    @Override
    public K firstKey() {
      if (keys.length == 0) {
        throw new NoSuchElementException();
      }
      return keys[0];
    }

    @Override
    public K lastKey() {
      if (keys.length == 0) {
        throw new NoSuchElementException();
      }
      return keys[keys.length - 1];
    }

    @Override
    public SortedMap<K, V> subMap(K fromKey, K toKey) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SortedMap<K, V> headMap(K toKey) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SortedMap<K, V> tailMap(K fromKey) {
      throw new UnsupportedOperationException();
    }
  }
}
