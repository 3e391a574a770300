// <iam-playground>: embeds the playground in any page (a training site, a wiki that allows
// scripts) as an iframe in embed mode. A classic script, so it loads from another origin:
//
//   <script src="https://…/site/embed.js" defer></script>
//   <iam-playground preset="lesson-scp" height="480"></iam-playground>
//   <iam-playground share="1.q1Yq…" autoheight></iam-playground>   (the part after #s=)
//   <iam-playground preset="lesson-scp" editable></iam-playground>  (starts in "Edit here")
//
// Attributes: preset | share, height (px, default 480), autoheight (follow the content's
// height, which the embedded page posts), editable (open in the embed's "Edit here" mode, as
// `&edit=1` in the embed's URL does), title.
//
// The embed shows the scenario's title, its lesson text (with its "Try it" part), the results
// (a statement link opens the statement's text), a Policies view (every document of the world,
// read-only), and "Edit here": the editor appears in the frame, changes re-evaluate at once,
// "Reset" returns to the embedded scenario, and "Open in full playground" carries the edits.
// Nothing leaves the frame: an embed does not even write the work saved in the browser.
(() => {
  const script = document.currentScript;
  const site = new URL('../', script ? script.src : location.href);
  if (!window.customElements || customElements.get('iam-playground')) return;

  class IamPlaygroundElement extends HTMLElement {
    static get observedAttributes() {
      return ['preset', 'share', 'height', 'editable'];
    }
    connectedCallback() {
      if (!this.shadowRoot) {
        const root = this.attachShadow({ mode: 'open' });
        const style = document.createElement('style');
        style.textContent = ':host{display:block}iframe{box-sizing:border-box;width:100%;border:1px solid #d5dae1;border-radius:8px;display:block}';
        this.frame = document.createElement('iframe');
        this.frame.setAttribute('loading', 'lazy');
        this.frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-popups');
        root.append(style, this.frame);
        this.onMessage = (e) => {
          if (e.source !== this.frame.contentWindow || e.origin !== site.origin) return;
          const d = e.data;
          if (this.hasAttribute('autoheight') && d && d.type === 'iam-playground:height' && Number.isFinite(d.height)) {
            this.frame.style.height = `${Math.min(4000, Math.max(120, d.height + 2))}px`;
          }
        };
        window.addEventListener('message', this.onMessage);
      }
      this.update();
    }
    disconnectedCallback() {
      if (this.onMessage) window.removeEventListener('message', this.onMessage);
    }
    attributeChangedCallback() {
      if (this.frame) this.update();
    }
    update() {
      const share = this.getAttribute('share');
      const preset = this.getAttribute('preset');
      const hash = share ? `#s=${share.replace(/^#?s=/, '')}` : preset ? `#preset=${encodeURIComponent(preset)}` : '';
      const src = `${site.href}?embed=1${this.hasAttribute('editable') ? '&edit=1' : ''}${hash}`;
      if (this.frame.getAttribute('src') !== src) this.frame.setAttribute('src', src);
      this.frame.style.height = `${Number(this.getAttribute('height')) || 480}px`;
      this.frame.title = this.getAttribute('title') || `IAM playground: ${preset || 'shared scenario'}`;
    }
  }
  customElements.define('iam-playground', IamPlaygroundElement);
})();
