import json,sys,os,numpy as np
from PIL import Image
a,b=sys.argv[1],sys.argv[2]
ja=json.load(open(f'{a}/report.json')); jb=json.load(open(f'{b}/report.json'))
skip={'ms','inferMs','timeMs','elapsedMs','seconds'}
def strip(o):
    if isinstance(o,dict): return {k:strip(v) for k,v in o.items() if not any(s.lower() in k.lower() for s in ['ms','second','output','input'])}
    if isinstance(o,list): return [strip(v) for v in o]
    return o
ia={r['path']:strip(r) for r in ja['images']}; ib={r['path']:strip(r) for r in jb['images']}
diff=0; pix=0
for k in ia:
    if ia[k]!=ib.get(k):
        diff+=1
        if diff<=3:
            for kk in ia[k]:
                if ia[k][kk]!=ib[k].get(kk): print(k,kk,ia[k][kk],ib[k].get(kk))
for f in sorted(os.listdir(a)):
    if f.endswith('.png'):
        x=np.array(Image.open(f'{a}/{f}')); y=np.array(Image.open(f'{b}/{f}'))
        if x.shape!=y.shape or (x!=y).any(): pix+=1
print(f'records differing: {diff} of {len(ia)}; masks differing: {pix}')
