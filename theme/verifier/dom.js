// Building page elements: every text is set with textContent, never parsed as HTML.

/** @param {string} tag @param {object} [props] @param {...(Node|string)} children */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

/** A drop zone: files dragged onto `zone` are handed to `onFiles`; it is highlighted while they hover. */
export function dropZone(zone, onFiles) {
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    if (event.dataTransfer.files.length) onFiles(event.dataTransfer.files);
  });
}
